using System.Data;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// Moves committed outbox messages to the broker. Each round locks up to <see cref="PlatformOutboxOptions.QueryMessageLimit"/>
/// outboxes with <c>FOR UPDATE SKIP LOCKED</c> (so instances running side by side take different outboxes), sends each
/// outbox's messages in order with their original ids and headers, and deletes what was sent in the same transaction.
/// A round runs as soon as a transaction of this process commits outbox messages, and otherwise every
/// <see cref="PlatformOutboxOptions.QueryDelay"/>. If the process dies after sending but before the commit, the messages are
/// sent again: consumers with the inbox see the same message id and ignore the copy.
/// </summary>
internal sealed class OutboxDeliveryService<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxBusLifetime busLifetime,
    OutboxDeliverySignal signal,
    OutboxBacklog backlog,
    IOptions<PlatformOutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDeliveryService<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    /// <summary>The outbox's name in the backlog gauge.</summary>
    static readonly string OutboxName = typeof(TDbContext).Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.DeliveryServiceEnabled)
        {
            logger.LogInformation("Outbox delivery is disabled in this process ({Section}:{Setting})", PlatformOutboxOptions.Section,
                nameof(PlatformOutboxOptions.DeliveryServiceEnabled));
            return;
        }

        await busLifetime.Started.WaitAsync(stoppingToken);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, busLifetime.Stopping);
        while (!running.IsCancellationRequested)
        {
            try
            {
                while (await DeliverRound(settings, running.Token) == settings.QueryMessageLimit)
                {
                    // A full round: more may be waiting.
                }
            }
            catch (OperationCanceledException) when (running.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Outbox delivery failed; the messages stay in the outbox and are tried again in {QueryDelay}",
                    settings.QueryDelay);
            }

            try
            {
                await signal.WaitAsync(settings.QueryDelay, clock, running.Token);
            }
            catch (OperationCanceledException) when (running.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Delivers the outboxes one transaction locked; returns how many it locked.</summary>
    async Task<int> DeliverRound(PlatformOutboxOptions settings, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var tables = OutboxTables.For(db);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, token);
            var messages = (await db.Set<OutboxMessage>().FromSqlRaw(tables.LockAndLoadOutboxes, settings.QueryMessageLimit).AsNoTracking()
                    .ToListAsync(token))
                .ToLookup(m => m.OutboxId);
            var outboxIds = messages.Select(m => m.Key).ToList();
            if (outboxIds.Count == 0)
            {
                backlog.Empty(OutboxName);
                return 0;
            }

            backlog.Waiting(OutboxName, messages.SelectMany(m => m).Min(m => m.SentTime));

            // Outboxes are independent: they are sent side by side (each one's messages in order), so a round is not the
            // sum of every publish confirmation's wait.
            var sent = new System.Collections.Concurrent.ConcurrentBag<(Guid OutboxId, long SequenceNumber)>();
            var emptied = new System.Collections.Concurrent.ConcurrentBag<Guid>();
            var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
            try
            {
                await Parallel.ForEachAsync(outboxIds, new ParallelOptions { MaxDegreeOfParallelism = settings.DeliveryConcurrency, CancellationToken = stop.Token },
                async (outboxId, _) =>
                {
                    try
                    {
                        foreach (var message in messages[outboxId])
                        {
                            await Deliver(message, settings, token);
                            sent.Add((outboxId, message.SequenceNumber));
                        }

                        emptied.Add(outboxId);
                    }
                    catch (Exception exception)
                    {
                        // The rest of this outbox waits (its order is kept) and is tried again next round; the other
                        // outboxes go on unless a second one fails too, which looks like the broker rather than one message.
                        failures.Add(exception);
                        if (failures.Count > 1)
                            await stop.CancelAsync();
                    }
                });
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                // Stopped after a second failing outbox: what was sent is recorded below, the failures reported after.
            }

            // What reached the broker is recorded even when stopping, or it would be sent a second time. An emptied outbox
            // goes with its messages (the foreign key cascades); only an outbox that stopped half way keeps some.
            var emptiedIds = emptied.ToHashSet();
            var sentIds = sent.Where(s => !emptiedIds.Contains(s.OutboxId)).Select(s => s.SequenceNumber).ToList();
            if (sentIds.Count > 0)
                await db.Set<OutboxMessage>().Where(m => sentIds.Contains(m.SequenceNumber)).ExecuteDeleteAsync(CancellationToken.None);
            if (emptiedIds.Count > 0)
                await db.Set<OutboxState>().Where(o => emptiedIds.Contains(o.OutboxId)).ExecuteDeleteAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);

            logger.LogDebug("Outbox delivered {Messages} message(s), emptying {Outboxes} outbox(es)", sent.Count, emptiedIds.Count);
            token.ThrowIfCancellationRequested();
            if (!failures.IsEmpty)
                throw new AggregateException($"Delivering outbox messages failed ({sent.Count} sent this round)", failures);
            if (outboxIds.Count < settings.QueryMessageLimit)
                backlog.Empty(OutboxName);
            return outboxIds.Count;
        }, cancellationToken);
    }

    async Task Deliver(OutboxMessage message, PlatformOutboxOptions settings, CancellationToken cancellationToken)
    {
        if (message.ExpirationTime is { } expiration && expiration <= clock.GetUtcNow())
        {
            logger.LogWarning("Outbox message {MessageId} to {Destination} expired at {Expiration:O} before it could be delivered; dropped",
                message.MessageId, message.DestinationAddress, expiration);
            return;
        }

        var stored = new StoredOutboxMessage(message);
        using var timeout = new CancellationTokenSource(settings.MessageDeliveryTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var endpoint = await bus.GetSendEndpoint(message.DestinationAddress);
        await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(stored, message.DestinationAddress), linked.Token);
    }
}
