using System.Data;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// MassTransit's saga repository extension point on EF Core, resolved from the consumer's scope so it uses the scope's
/// <typeparamref name="TDbContext"/>: inside the transactional outbox the saga's changes, the messages it sends and
/// whatever else the activities changed in that DbContext commit in the outbox's one transaction; without the outbox the
/// repository runs each message in a transaction of its own.
/// </summary>
internal sealed class DbContextSagaRepositoryContextFactory<TSaga, TDbContext>(
    TDbContext db,
    ISagaConsumeContextFactory<TDbContext, TSaga> consumeContextFactory,
    ILogger<DbContextSagaRepositoryContextFactory<TSaga, TDbContext>> logger)
    : ISagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
    where TDbContext : DbContext
{
    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "entityFrameworkCore");
        context.Add("dbContext", typeof(TDbContext).Name);
        context.Add("concurrency", "optimistic (xmin)");
    }

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        InTransaction(() => next.Send(CreateContext(context)), context.CancellationToken);

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        InTransaction(async () =>
        {
            var instances = await db.Set<TSaga>().Where(query.FilterExpression).ToListAsync(context.CancellationToken);
            await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(CreateContext(context), instances));
        }, context.CancellationToken);

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new DbContextSagaQueryContext<TSaga>(db, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new DbContextSagaQueryContext<TSaga>(db, cancellationToken));

    DbContextSagaRepositoryContext<TSaga, T, TDbContext> CreateContext<T>(ConsumeContext<T> context)
        where T : class
    {
        SagaModelCheck<TSaga>.Ensure(db);
        return new DbContextSagaRepositoryContext<TSaga, T, TDbContext>(db, context, consumeContextFactory, logger);
    }

    async Task InTransaction(Func<Task> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await work();
            return;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, token);
            // The whole transaction is retried on failure, so EF Core's savepoint around each save is two round trips for nothing.
            db.Database.AutoSavepointsEnabled = false;
            await work();
            await transaction.CommitAsync(token);
        }, cancellationToken);
    }
}
