using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Scheduling.Backfill;

namespace Platform.Scheduler.Jobs;

/// <summary>
/// BackfillJob for an active job: the occurrences of its current trigger in the range (<see cref="BackfillPlan"/>) each
/// become a run with cause <c>backfill</c>. Overlap Allow starts them all now; Skip and Queue, which both forbid two runs
/// of the job at once, start one now when none is in progress and queue the rest, which start one after another as runs
/// end (a backfill never drops its own occurrences: an operator asked for each). A range that is not in the past, holds
/// no occurrence or too many is rejected; either way the command is audited.
/// </summary>
public sealed class BackfillJobActivity(AuditTrail audit, TimeProvider clock, ILogger<BackfillJobActivity> logger)
    : StateMachineActivity<JobState, BackfillJob>
{
    public const string Cause = "backfill";

    protected override async Task Apply(BehaviorContext<JobState, BackfillJob> context)
    {
        var job = context.Saga;
        var command = context.Message;
        var definition = JobDefinition.FromJson(job.Definition);
        var now = clock.GetUtcNow();
        var (errors, occurrences) = BackfillPlan.Check(definition, job.UpdatedAt, command.From, command.To, now);
        if (errors.Count > 0)
        {
            await audit.RejectAsync(context, nameof(BackfillJob), job.CorrelationId, errors);
            return;
        }

        audit.Record(context, nameof(BackfillJob), job.CorrelationId, accepted: true,
            $"backfill of {occurrences.Count} occurrence(s) from {command.From.UtcDateTime:O} to {command.To.UtcDateTime:O}" +
            (command.Reason is { } reason ? $": {reason}" : ""));
        foreach (var occurrence in occurrences)
        {
            if (job.ActiveRuns > 0 && definition.Overlap != OverlapPolicy.Allow)
                JobQueue.Append(job, occurrence, Cause);
            else
                await context.StartRun(job, occurrence, now, Cause);
        }

        logger.LogInformation("Job {JobId}: backfill of {Count} occurrence(s) from {From:O} to {To:O}", job.CorrelationId, occurrences.Count,
            command.From, command.To);
    }
}
