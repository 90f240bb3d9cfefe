using System.Collections.Concurrent;
using NUnit.Framework;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>The runs whose handler saw its token cancelled, awaitable by run id.</summary>
public sealed class CancelledRuns
{
    readonly ConcurrentDictionary<Guid, TaskCompletionSource> _runs = new();

    public void Add(Guid runId) => Run(runId).TrySetResult();

    /// <summary>Completes when the run's handler saw its token cancelled; fails the test after <paramref name="timeout"/>.</summary>
    public async Task WaitFor(Guid runId, TimeSpan timeout)
    {
        var seen = Run(runId).Task;
        if (await Task.WhenAny(seen, Task.Delay(timeout)) != seen)
            Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for the handler of run {runId} to see its token cancelled");
    }

    TaskCompletionSource Run(Guid runId) => _runs.GetOrAdd(runId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
