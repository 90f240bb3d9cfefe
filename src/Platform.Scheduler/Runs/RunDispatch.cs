using MassTransit;
using Platform.Contracts;

namespace Platform.Scheduler.Runs;

/// <summary>Publishes attempt 1 of a run's current replay to the workers (routed by job type, with the run's priority)
/// and <see cref="JobRunQueued"/>: the first dispatch of a run, and each replay of it.</summary>
internal static class RunDispatch
{
    public static async Task PublishAsync(BehaviorContext<RunState> context, string? replayReason = null)
    {
        var run = context.Saga;
        var definition = JobDefinition.FromJson(run.Definition);
        await context.Publish(new ExecuteJobRun
        {
            JobId = run.JobId,
            RunId = run.CorrelationId,
            Attempt = 1,
            Replay = run.Replay,
            ReplayReason = replayReason,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            JobType = run.JobType,
            Payload = definition.Payload,
            EventPayload = run.EventPayload is null ? null : System.Text.Json.JsonDocument.Parse(run.EventPayload).RootElement.Clone(),
            Priority = run.Priority,
            Timeout = definition.Timeout,
            Retry = definition.Retry,
            ReportStart = run.MaxStartDelay is not null || run.MaxRunDuration is not null,
        }, x => x.SetPriority((byte)run.Priority));
        await context.Publish(new JobRunQueued
        {
            JobId = run.JobId,
            RunId = run.CorrelationId,
            Attempt = 1,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            JobType = run.JobType,
            Priority = run.Priority,
        });
    }
}
