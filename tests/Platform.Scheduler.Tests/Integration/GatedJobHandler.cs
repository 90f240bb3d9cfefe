using System.Collections.Concurrent;
using Platform.Worker;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>A job whose every attempt waits at a gate of its own (run and replay) until the test ends it, succeeded or
/// failed, so a test can act while a run is certainly in the worker's hands.</summary>
public sealed class GatedJobHandler(RunGates gates) : IJobHandler
{
    public const string JobType = "test.gated";

    public async Task HandleAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        if (!await gates.EnterAsync(context, cancellationToken))
            throw new InvalidOperationException($"the test failed replay {context.Replay} of run {context.RunId}");
    }
}

/// <summary>The gates of <see cref="GatedJobHandler"/>: which attempts entered (run and replay), and the test's verdicts.</summary>
public sealed class RunGates
{
    readonly ConcurrentDictionary<(Guid RunId, int Replay), TaskCompletionSource<bool>> _verdicts = new();
    readonly ConcurrentDictionary<Guid, TaskCompletionSource<Guid>> _firstRunOfJob = new();
    readonly ConcurrentQueue<(Guid RunId, int Replay)> _entries = new();

    /// <summary>How many attempts of <paramref name="runId"/>'s <paramref name="replay"/> entered a gate.</summary>
    public int Entries(Guid runId, int replay) => _entries.Count(e => e == (runId, replay));

    public Task<bool> EnterAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        _entries.Enqueue((context.RunId, context.Replay));
        FirstRun(context.JobId).TrySetResult(context.RunId);
        return Verdict(context.RunId, context.Replay).Task.WaitAsync(cancellationToken);
    }

    /// <summary>The run of <paramref name="jobId"/> whose attempt entered a gate first.</summary>
    public async Task<Guid> EnteredAsync(Guid jobId, TimeSpan timeout)
    {
        try
        {
            return await FirstRun(jobId).Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {timeout} waiting for a run of job {jobId} to reach the worker's handler");
        }
    }

    public void Succeed(Guid runId, int replay) => Verdict(runId, replay).TrySetResult(true);

    public void Fail(Guid runId, int replay) => Verdict(runId, replay).TrySetResult(false);

    TaskCompletionSource<bool> Verdict(Guid runId, int replay) =>
        _verdicts.GetOrAdd((runId, replay), _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));

    TaskCompletionSource<Guid> FirstRun(Guid jobId) =>
        _firstRunOfJob.GetOrAdd(jobId, _ => new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously));
}
