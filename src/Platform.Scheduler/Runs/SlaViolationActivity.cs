using System.Diagnostics;
using MassTransit;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Runs;

/// <summary>An SLA timer fired while its promise was still unkept, or (<typeparamref name="TDeadline"/> a worker's report)
/// a report that shows the run started after its start deadline before that timer fired: <see cref="JobSlaViolated"/>, and
/// an event on the span the timer or report is consumed in (the run's trace).</summary>
public sealed class SlaViolationActivity<TDeadline>(TimeProvider clock) : StateMachineActivity<RunState, TDeadline>
    where TDeadline : class
{
    static readonly SlaViolationKind Kind = typeof(TDeadline).Name switch
    {
        nameof(RunDurationDeadline) => SlaViolationKind.RunTooLong,
        nameof(RunCompletionDeadline) => SlaViolationKind.MissedDeadline,
        _ => SlaViolationKind.StartLate,
    };

    protected override Task Apply(BehaviorContext<RunState, TDeadline> context)
    {
        var run = context.Saga;
        Activity.Current?.AddEvent(new ActivityEvent(PlatformAttributes.SlaViolatedEvent, tags: new ActivityTagsCollection
        {
            [PlatformAttributes.SlaKind] = Kind.ToString(),
            [PlatformAttributes.JobId] = run.JobId.ToString(),
            [PlatformAttributes.RunId] = run.CorrelationId.ToString(),
        }));
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
