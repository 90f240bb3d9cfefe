using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// The saga instances one message reaches, in the consumer scope's DbContext and inside its transaction (the outbox's
/// when there is one, otherwise the repository's own). Updates and deletes are checked against the row version read
/// (<c>xmin</c>): a concurrent change makes them fail with <see cref="DbUpdateConcurrencyException"/>, and the endpoint's
/// concurrency retry processes the message again against the new state.
/// </summary>
internal sealed class DbContextSagaRepositoryContext<TSaga, TMessage, TDbContext>(
    TDbContext db,
    ConsumeContext<TMessage> consumeContext,
    ISagaConsumeContextFactory<TDbContext, TSaga> factory,
    ILogger logger)
    : ConsumeContextScope<TMessage>(consumeContext), SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
    where TDbContext : DbContext
{
    /// <summary>Saga consume contexts wrap the message's own consume context, not this repository scope.</summary>
    readonly ConsumeContext<TMessage> _original = consumeContext;

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(db, _original, instance, SagaConsumeContextMode.Add);

    /// <summary>Inserts the instance before the event is applied (a state machine with <c>InsertOnInitial</c>). When a
    /// concurrent initial event inserted it first, returns null so that MassTransit loads the existing row instead. The
    /// insert is wrapped in a savepoint (the only save that is: the others fail the whole transaction), so the failed
    /// insert leaves the transaction usable.</summary>
    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        var entry = db.Set<TSaga>().Add(instance);
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = true;
        try
        {
            await db.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateException exception) when (ConcurrencyConflicts.IsUniqueViolation(exception))
        {
            entry.State = EntityState.Detached;
            logger.LogDebug("Saga {SagaType} {CorrelationId} already exists; the message goes to the existing instance", typeof(TSaga).Name,
                instance.CorrelationId);
            return null!;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }

        return await factory.CreateSagaConsumeContext(db, _original, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await db.Set<TSaga>().SingleOrDefaultAsync(s => s.CorrelationId == correlationId, CancellationToken);
        return instance is null
            ? null!
            : await factory.CreateSagaConsumeContext(db, _original, instance, SagaConsumeContextMode.Load);
    }

    /// <summary>Stores an instance created for this message. When a concurrent initial event stored the same correlation
    /// id first, this message must be applied to that instance instead: the unique violation becomes a concurrency
    /// conflict and the message is retried.</summary>
    public async Task Save(SagaConsumeContext<TSaga> sagaContext)
    {
        db.Set<TSaga>().Add(sagaContext.Saga);
        try
        {
            await db.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateException exception) when (ConcurrencyConflicts.IsUniqueViolation(exception))
        {
            throw new DbUpdateConcurrencyException(
                $"Saga {typeof(TSaga).Name} {sagaContext.Saga.CorrelationId} was created by a concurrent message; retry against it", exception);
        }
    }

    public Task Update(SagaConsumeContext<TSaga> sagaContext) => db.SaveChangesAsync(CancellationToken);

    public Task Delete(SagaConsumeContext<TSaga> sagaContext)
    {
        db.Set<TSaga>().Remove(sagaContext.Saga);
        return db.SaveChangesAsync(CancellationToken);
    }

    /// <summary>An instance created for this message that must not be stored (it finalized at once, or the message
    /// faulted): forget it, including after a failed <see cref="Save"/>.</summary>
    public Task Discard(SagaConsumeContext<TSaga> sagaContext)
    {
        var entry = db.Entry(sagaContext.Saga);
        if (entry.State != EntityState.Detached)
            entry.State = EntityState.Detached;
        return Task.CompletedTask;
    }

    /// <summary>A read-only policy looked at the instance: put back the values read so nothing is written.</summary>
    public Task Undo(SagaConsumeContext<TSaga> sagaContext)
    {
        var entry = db.Entry(sagaContext.Saga);
        if (entry.State is EntityState.Modified or EntityState.Unchanged)
        {
            entry.CurrentValues.SetValues(entry.OriginalValues);
            entry.State = EntityState.Unchanged;
        }

        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance,
        SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(db, consumeContext, instance, mode);
}
