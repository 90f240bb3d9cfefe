using System.Text.Json;
using MassTransit;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Runs;

/// <summary>Fixes what the run runs: the job's definition at the time it was requested.</summary>
public sealed class RecordRequestActivity : StateMachineActivity<RunState, RunRequested>
{
    protected override Task Apply(BehaviorContext<RunState, RunRequested> context)
    {
        var run = context.Saga;
        var request = context.Message;
        var definition = request.Definition;
        run.JobId = request.JobId;
        run.JobVersion = request.JobVersion;
        run.JobType = definition.JobType;
        run.Priority = definition.Priority;
        run.Cause = request.Cause;
        run.Definition = request.DefinitionJson ?? JobDefinition.ToJson(definition);
        run.DependsOn = definition.DependsOn is { Count: > 0 } parents ? JsonSerializer.Serialize(parents) : null;
        run.EventPayload = request.EventPayload?.GetRawText();
        run.ScheduledFor = request.ScheduledFor;
        run.FiredAt = request.FiredAt;
        run.MaxStartDelay = definition.Sla?.MaxStartDelay;
        run.MaxRunDuration = definition.Sla?.MaxRunDuration;
        run.CompleteBy = definition.Sla?.CompleteBy;
        return Task.CompletedTask;
    }
}
