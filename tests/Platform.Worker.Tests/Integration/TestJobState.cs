using System.Collections.Concurrent;

namespace Platform.Worker.Tests.Integration;

/// <summary>What the test handlers of one fixture did, shared by all its in-process worker hosts, and the gates they wait on.</summary>
public sealed class TestJobState
{
    readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<TestRunRecord> _starts = new();
    readonly ConcurrentQueue<TestRunRecord> _ends = new();

    /// <summary>While true, every run of the handler fails.</summary>
    public bool Broken { get; set; }

    public IReadOnlyList<TestRunRecord> Starts => _starts.ToList();

    public IReadOnlyList<TestRunRecord> Ends => _ends.ToList();

    public ConcurrentBag<Guid> Cancelled { get; } = [];

    public void Started(TestRunRecord record) => _starts.Enqueue(record);

    public void Ended(TestRunRecord record) => _ends.Enqueue(record);

    public Task WaitAsync(string gate, CancellationToken cancellationToken) => Gate(gate).Task.WaitAsync(cancellationToken);

    public void Open(string gate) => Gate(gate).TrySetResult();

    TaskCompletionSource Gate(string gate) => _gates.GetOrAdd(gate, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>One start or end of a handler: which run, where, when.</summary>
public sealed record TestRunRecord(Guid RunId, int Attempt, int Priority, string JobType, string Worker, DateTimeOffset At);
