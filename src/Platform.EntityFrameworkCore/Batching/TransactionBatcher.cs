using System.Data;
using System.Diagnostics;
using System.Threading.Channels;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>
/// Consumes the messages of the batched endpoints in shared transactions of <typeparamref name="TDbContext"/>, one
/// transaction at a time per process: each takes the messages that arrived while the previous one ran (up to
/// <see cref="TransactionBatchOptions.MaxMessages"/>), records them in the inbox in one statement (a message id this
/// consumer consumed before is acknowledged without consuming it again), loads the saga instances they need in one query
/// per saga type, consumes them one after another (each message's changes, outbox rows and in-process messages saved
/// before the next one starts, so it sees them) and commits once. Every delivery completes when its transaction committed,
/// so a message is acknowledged only once its effects are durable.
/// <list type="bullet">
/// <item>A message whose consumption throws is failed alone (its delivery retries it, then moves it to the error queue)
/// and the transaction runs again without it.</item>
/// <item>A transaction that lost an optimistic-concurrency race to another process runs again as a whole, up to
/// <see cref="TransactionBatchOptions.ConflictRetryLimit"/> times; after that, and after a failure that no message can be
/// blamed for (the commit), each message runs in a transaction of its own.</item>
/// </list>
/// </summary>
internal sealed partial class TransactionBatcher<TDbContext>(
    IServiceScopeFactory scopes,
    IOptions<TransactionBatchOptions> options,
    OutboxDeliverySignal delivery,
    TimeProvider clock,
    ILogger<TransactionBatcher<TDbContext>> logger) : ITransactionBatcher, IDisposable
    where TDbContext : DbContext
{
    readonly Channel<BatchItem> _queue = Channel.CreateUnbounded<BatchItem>(new UnboundedChannelOptions { SingleReader = true });
    readonly CancellationTokenSource _stopping = new();
    readonly Lock _lock = new();
    Task? _loop;

    /// <summary>Filled in when the bus is configured (in-process handlers need the endpoints' handlers).</summary>
    public BatchSettings Settings { get; } = new();

    public Task SubmitAsync<TMessage>(ConsumeContext<TMessage> context, IBatchHandler<TMessage> handler)
        where TMessage : class
    {
        var messageId = context.GetOriginalMessageId()
            ?? throw new MessageException(typeof(TMessage), "A batched consumer needs a MessageId to recognise a duplicate");
        var item = new BatchItem<TMessage>(context, handler, messageId);
        EnsureRunning();
        if (!_queue.Writer.TryWrite(item))
            throw new OperationCanceledException("The transaction batcher has stopped");
        return item.Completion;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    void EnsureRunning()
    {
        if (_loop is not null)
            return;
        lock (_lock)
        {
            // Without the first submitter's execution context: its span and log scopes would otherwise be current in
            // every transaction the loop ever runs.
            using (ExecutionContext.SuppressFlow())
                _loop ??= Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        }
    }

    async Task LoopAsync(CancellationToken stopping)
    {
        var limit = options.Value.MaxMessages;
        var batch = new List<BatchItem>(limit);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stopping))
            {
                batch.Clear();
                while (batch.Count < limit && _queue.Reader.TryRead(out var item))
                    batch.Add(item);
                try
                {
                    await RunAsync(batch, stopping);
                }
                catch (Exception exception)
                {
                    foreach (var item in batch)
                        item.Fail(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        while (_queue.Reader.TryRead(out var left))
            left.Fail(new OperationCanceledException("The transaction batcher stopped before the message was consumed"));
    }

    async Task RunAsync(List<BatchItem> items, CancellationToken stopping)
    {
        var pending = new List<BatchItem>(items);
        var conflicts = 0;
        var preInsert = true;
        while (pending.Count > 0)
        {
            var outcome = await AttemptAsync(pending, preInsert, stopping);
            switch (outcome)
            {
                case var _ when preInsert && ConcurrencyConflicts.IsUniqueViolation(ExceptionOf(outcome)):
                    // An instance created without a look-up existed after all: look every instance up this time.
                    preInsert = false;
                    continue;
                case Outcome.Committed:
                    foreach (var item in pending)
                        item.Succeed();
                    LogCommitted(pending.Count);
                    return;
                case Outcome.ItemFailed failed:
                    LogItemFailed(failed.Exception, failed.Item.Description);
                    failed.Item.Fail(failed.Exception);
                    pending.Remove(failed.Item);
                    continue;
                case Outcome.Conflict when conflicts < options.Value.ConflictRetryLimit:
                    conflicts++;
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * conflicts)), clock, stopping);
                    continue;
                case Outcome.Failed failure when pending.Count == 1:
                    pending[0].Fail(failure.Exception);
                    return;
                case Outcome.Failed failure:
                    LogIsolating(failure.Exception, pending.Count);
                    foreach (var item in pending)
                        await RunAsync([item], stopping);
                    return;
            }
        }
    }

    async Task<Outcome> AttemptAsync(List<BatchItem> items, bool preInsert, CancellationToken stopping)
    {
        // The transaction's own statements (inbox, preload, save, commit) belong to no single message: a span of its own,
        // linked to the deliveries it consumes; each message is consumed in its delivery's span.
        using var span = StartTransactionSpan(items);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, stopping);
            // A failure rolls the whole transaction back, so EF Core's savepoint around each save is two round trips for nothing.
            db.Database.AutoSavepointsEnabled = false;
            var firstDeliveries = await RecordReceiptsAsync(db, items, stopping);
            var unit = new BatchUnit(db, scope, Settings, preInsert);
            foreach (var item in firstDeliveries)
            {
                try
                {
                    Activity.Current = item.Activity ?? span;
                    await item.PrepareAsync(unit);
                }
                catch (Exception exception) when (!stopping.IsCancellationRequested)
                {
                    return new Outcome.ItemFailed(item, exception);
                }
            }

            Activity.Current = span;
            await unit.PreloadAsync(stopping);
            foreach (var item in firstDeliveries)
            {
                try
                {
                    Activity.Current = item.Activity ?? span;
                    await item.DispatchAsync(unit, clock);
                    await unit.DrainAsync();
                    await unit.SaveMessageAsync(stopping);
                }
                catch (Exception exception) when (!ConcurrencyConflicts.IsConflict(exception) && !stopping.IsCancellationRequested)
                {
                    return new Outcome.ItemFailed(item, exception);
                }
            }

            Activity.Current = span;
            await unit.SaveAllAsync(stopping);
            await transaction.CommitAsync(stopping);
            if (unit.Outbox.Written)
                delivery.Set();
            return new Outcome.Committed();
        }
        catch (Exception exception) when (ConcurrencyConflicts.IsConflict(exception))
        {
            return new Outcome.Conflict(exception);
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested)
        {
            return new Outcome.Failed(exception);
        }
    }

    /// <summary>Records every delivery in the inbox (each counted in its receive count); returns the items consumed for
    /// the first time (one per message id and consumer: a second delivery of a message in the same batch is acknowledged
    /// with the first).</summary>
    async Task<List<BatchItem>> RecordReceiptsAsync(TDbContext db, List<BatchItem> items, CancellationToken cancellationToken)
    {
        var deliveries = items.GroupBy(i => (i.MessageId, i.ConsumerId)).Select(g => (Item: g.First(), Count: g.Count())).ToList();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(OutboxTables.For(db).RecordReceipts, connection,
            (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = deliveries.Select(d => d.Item.MessageId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = deliveries.Select(d => d.Item.ConsumerId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = deliveries.Select(d => d.Count).ToArray() });
        var counts = deliveries.ToDictionary(d => (d.Item.MessageId, d.Item.ConsumerId), d => d.Count);
        var first = new HashSet<(Guid, Guid)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                // A receive count equal to this batch's deliveries means no earlier transaction recorded the message.
                var key = (reader.GetGuid(0), reader.GetGuid(1));
                if (reader.GetInt32(2) == counts[key])
                    first.Add(key);
            }
        }

        return deliveries.Select(d => d.Item).Where(i => first.Contains((i.MessageId, i.ConsumerId))).ToList();
    }

    static Activity? StartTransactionSpan(List<BatchItem> items)
    {
        // A root: the loop has no span of its own, and a retried transaction must not nest in the one before.
        Activity.Current = null;
        if (!TransactionBatchTelemetry.Source.HasListeners())
            return null;
        List<ActivityLink>? links = null;
        foreach (var item in items)
        {
            if (item.Activity is { } delivery)
                (links ??= new List<ActivityLink>(items.Count)).Add(new ActivityLink(delivery.Context));
        }

        var span = TransactionBatchTelemetry.Source.StartActivity(ActivityKind.Internal, parentContext: default, links: links, name: "transaction batch");
        span?.SetTag("platform.batch.messages", items.Count);
        return span;
    }

    static Exception? ExceptionOf(Outcome outcome) => outcome switch
    {
        Outcome.ItemFailed failed => failed.Exception,
        Outcome.Failed failed => failed.Exception,
        _ => null,
    };

    abstract record Outcome
    {
        public sealed record Committed : Outcome;

        public sealed record ItemFailed(BatchItem Item, Exception Exception) : Outcome;

        /// <summary>Nothing to blame a single message for.</summary>
        public record Failed(Exception Exception) : Outcome;

        /// <summary>Another process changed an instance first.</summary>
        public sealed record Conflict(Exception Exception) : Failed(Exception);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Committed a transaction of {Count} message(s)")]
    partial void LogCommitted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming {Message} failed; it is retried on its own and the others go on without it")]
    partial void LogItemFailed(Exception exception, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A transaction of {Count} messages failed; each is consumed on its own")]
    partial void LogIsolating(Exception exception, int count);
}
