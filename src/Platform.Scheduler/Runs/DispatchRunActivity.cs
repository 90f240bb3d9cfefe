using MassTransit;
using Platform.Contracts;

namespace Platform.Scheduler.Runs;

/// <summary>Publishes the first attempt to the workers (routed by job type, with the job's priority) and
/// <see cref="JobRunQueued"/>.</summary>
public sealed class DispatchRunActivity<T>(TimeProvider clock) : StateMachineActivity<RunState, T>
    where T : class
{
    protected override async Task Apply(BehaviorContext<RunState, T> context)
    {
        var run = context.Saga;
        var definition = JobDefinition.FromJson(run.Definition);
        run.Attempt = 1;
        run.QueuedAt = clock.GetUtcNow();
        run.DependencyCheck = run.DependsOn is null ? null : DependencyChecks.Met;
        await context.Publish(new ExecuteJobRun
        {
            JobId = run.JobId,
            RunId = run.CorrelationId,
            Attempt = 1,
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
