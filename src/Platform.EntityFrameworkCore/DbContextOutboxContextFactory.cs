using System.Data;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// MassTransit's outbox extension point on EF Core (<see cref="IOutboxContextFactory{TContext}"/>), resolved in the
/// consumer's scope. Each delivery runs in one transaction of the scope's <typeparamref name="TDbContext"/>: record the
/// receipt in the inbox (which waits for, then sees, a concurrent duplicate), consume unless the message was consumed
/// before, save, commit. Messages the consumer produced are in the outbox tables at that point and the commit wakes the
/// delivery service. A failure rolls everything back, inbox row included, so the message can be consumed again.
/// </summary>
internal sealed class DbContextOutboxContextFactory<TDbContext>(TDbContext db, IServiceProvider provider, OutboxDeliverySignal signal, TimeProvider clock)
    : IOutboxContextFactory<TDbContext>
    where TDbContext : DbContext
{
    public async Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next)
        where T : class
    {
        var messageId = context.GetOriginalMessageId()
            ?? throw new MessageException(typeof(T), "The transactional outbox needs a MessageId to recognise a duplicate");
        var tables = OutboxTables.For(db);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async cancellationToken =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            // A failure rolls the whole transaction back, so EF Core's savepoint around each save is two round trips for nothing.
            db.Database.AutoSavepointsEnabled = false;
            var receipts = await db.Database
                .SqlQueryRaw<int>(tables.RecordReceipt, messageId, options.ConsumerId, clock.GetUtcNow())
                .ToListAsync(cancellationToken);

            var rows = new OutboxRows();
            var outboxContext = new DbContextOutboxConsumeContext<T>(context, options, provider, rows, messageId, receipts.Single(), clock);
            await next.Send(outboxContext);

            await rows.WriteAsync(db, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (rows.Written)
                signal.Set();
        }, context.CancellationToken);
    }

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateScope("outboxContextFactory");
        scope.Add("provider", "entityFrameworkCore");
        scope.Add("dbContext", typeof(TDbContext).Name);
    }
}
