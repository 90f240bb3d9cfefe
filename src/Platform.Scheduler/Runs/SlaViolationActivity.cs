using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Runs;

/// <summary>An SLA timer fired while its promise was still unkept: <see cref="JobSlaViolated"/>.</summary>
public sealed class SlaViolationActivity<TDeadline>(TimeProvider clock) : StateMachineActivity<RunState, TDeadline>
    where TDeadline : class
{
    static readonly SlaViolationKind Kind = typeof(TDeadline).Name switch
    {
        nameof(RunStartDeadline) => SlaViolationKind.StartLate,
        nameof(RunDurationDeadline) => SlaViolationKind.RunTooLong,
        _ => SlaViolationKind.MissedDeadline,
    };

    protected override Task Apply(BehaviorContext<RunState, TDeadline> context)
    {
        var run = context.Saga;
        return context.Publish(new JobSlaViolated
        {
            JobId = run.JobId,
            RunId = run.CorrelationId,
            Attempt = run.Attempt,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            StartedAt = run.StartedAt,
            Kind = Kind,
            DetectedAt = clock.GetUtcNow(),
        });
    }
}
