using System.Collections.Concurrent;
using Platform.Worker;

namespace Platform.Bench.Pipeline;

/// <summary>How many times each run's handler executed: a run executed twice is a failure of the bench.</summary>
public sealed class HandlerExecutions
{
    readonly ConcurrentDictionary<Guid, int> _counts = new();

    public void Add(Guid runId) => _counts.AddOrUpdate(runId, 1, (_, count) => count + 1);

    public int RunsExecutedMoreThanOnce(IEnumerable<Guid> runIds) => runIds.Count(id => _counts.GetValueOrDefault(id) > 1);
}

/// <summary><c>platform.noop</c> as the built-in one (succeeds at once), counting its executions.</summary>
public sealed class CountingNoopHandler(HandlerExecutions executions) : IJobHandler
{
    public const string JobType = "platform.noop";

    public Task HandleAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        executions.Add(context.RunId);
        return Task.CompletedTask;
    }
}
