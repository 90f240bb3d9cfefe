using System.Threading.Channels;
using Npgsql;

namespace Platform.Worker.Ledger;

/// <summary>
/// Group commit for the ledger's hot path: the claims, outcomes and published marks that concurrent deliveries ask for
/// while one round trip runs go together in the next (<see cref="LedgerBatch"/>). When a round trip fails, each of its
/// operations is tried alone, so one bad operation fails only its own delivery.
/// </summary>
internal sealed class LedgerBatcher(NpgsqlDataSource dataSource, PostgresRunLedger direct) : IAsyncDisposable
{
    const int MaxOperations = 1000;
    readonly Channel<Operation> _queue = Channel.CreateUnbounded<Operation>(new UnboundedChannelOptions { SingleReader = true });
    readonly CancellationTokenSource _stopping = new();
    readonly Lock _lock = new();
    Task? _loop;

    public Task<RunClaim> ClaimAsync(LedgerBatch.Claim claim) => Enqueue(new ClaimOperation(claim));

    public Task<bool> RecordAsync(RunOutcome outcome) => Enqueue(new RecordOperation(outcome));

    public Task<bool> MarkPublishedAsync(LedgerBatch.Published mark) => Enqueue(new PublishedOperation(mark));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_loop is not null)
            await _loop;
        _stopping.Dispose();
    }

    Task<T> Enqueue<T>(Operation<T> operation)
    {
        if (_loop is null)
        {
            lock (_lock)
                _loop ??= Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        }

        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(operation), this);
        return operation.Completion;
    }

    async Task LoopAsync(CancellationToken stopping)
    {
        var operations = new List<Operation>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stopping))
            {
                operations.Clear();
                while (operations.Count < MaxOperations && _queue.Reader.TryRead(out var operation))
                    operations.Add(operation);
                await RunAsync(operations, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        while (_queue.Reader.TryRead(out var left))
            left.Fail(new ObjectDisposedException(nameof(LedgerBatcher)));
    }

    async Task RunAsync(List<Operation> operations, CancellationToken cancellationToken)
    {
        // One claim per attempt and round: a second claim of the same attempt waits for the next round, where it sees the
        // first one's lease, as it would have one after the other.
        var claims = new List<ClaimOperation>();
        var keys = new HashSet<RunKey>();
        var timeout = (operations.OfType<ClaimOperation>().FirstOrDefault()?.Claim) is { } first ? first.Now - first.ExpiredBefore : TimeSpan.Zero;
        foreach (var claim in operations.OfType<ClaimOperation>())
        {
            if (claim.Claim.Now - claim.Claim.ExpiredBefore == timeout && keys.Add(claim.Claim.Key))
                claims.Add(claim);
            else
                _queue.Writer.TryWrite(claim);
        }

        var records = operations.OfType<RecordOperation>().ToList();
        var marks = operations.OfType<PublishedOperation>().ToList();
        try
        {
            await using var batch = dataSource.CreateBatch();
            if (claims.Count > 0)
                LedgerBatch.AddClaims(batch, claims.Select(c => c.Claim).ToList());
            if (records.Count > 0)
                LedgerBatch.AddOutcomes(batch, records.Select(r => r.Outcome).ToList());
            if (marks.Count > 0)
                LedgerBatch.AddPublished(batch, marks.Select(m => m.Mark).ToList());
            if (batch.BatchCommands.Count == 0)
                return;
            RunClaim[] claimed = [];
            bool[] recorded = [];
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                if (claims.Count > 0)
                    claimed = await LedgerBatch.ReadClaimsAsync(reader, claims.Select(c => c.Claim).ToList(), cancellationToken);
                if (claims.Count > 0 && records.Count > 0)
                    await reader.NextResultAsync(cancellationToken);
                if (records.Count > 0)
                    recorded = await LedgerBatch.ReadOutcomesAsync(reader, records.Select(r => r.Outcome).ToList(), cancellationToken);
                // Every statement ran and the batch's implicit transaction committed only once the last result is read: no
                // answer is given before that, since a later statement's failure rolls the earlier ones back.
                while (await reader.NextResultAsync(cancellationToken))
                {
                }
            }

            for (var i = 0; i < claims.Count; i++)
                claims[i].Succeed(claimed[i]);
            for (var i = 0; i < records.Count; i++)
                records[i].Succeed(recorded[i]);
            foreach (var mark in marks)
                mark.Succeed(true);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            foreach (var claim in claims)
                await claim.RunAloneAsync(() => direct.ClaimDirectAsync(claim.Claim, cancellationToken));
            foreach (var record in records)
                await record.RunAloneAsync(() => direct.RecordDirectAsync(record.Outcome, null, cancellationToken));
            foreach (var mark in marks)
                await mark.RunAloneAsync(async () =>
                {
                    await direct.MarkPublishedDirectAsync(mark.Mark.Key, mark.Mark.Worker, cancellationToken);
                    return true;
                });
        }
    }

    abstract class Operation
    {
        public abstract void Fail(Exception exception);
    }

    abstract class Operation<T> : Operation
    {
        readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Completion => _done.Task;

        public void Succeed(T result) => _done.TrySetResult(result);

        public override void Fail(Exception exception) => _done.TrySetException(exception);

        public async Task RunAloneAsync(Func<Task<T>> alone)
        {
            try
            {
                Succeed(await alone());
            }
            catch (Exception exception)
            {
                Fail(exception);
            }
        }
    }

    sealed class ClaimOperation(LedgerBatch.Claim claim) : Operation<RunClaim>
    {
        public LedgerBatch.Claim Claim { get; } = claim;
    }

    sealed class RecordOperation(RunOutcome outcome) : Operation<bool>
    {
        public RunOutcome Outcome { get; } = outcome;
    }

    sealed class PublishedOperation(LedgerBatch.Published mark) : Operation<bool>
    {
        public LedgerBatch.Published Mark { get; } = mark;
    }
}
