using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Scheduler.Messages;
using Platform.Scheduler.Persistence;
using Platform.Triggers;

namespace Platform.Scheduler;

/// <summary>
/// What a fired trigger occurrence becomes, written to the outbox inside the engine's fire transaction (so a fire and
/// its messages commit together): a due occurrence for the job state machine, a <see cref="JobMissed"/> for one the
/// misfire policy skipped, and <see cref="TriggerExhausted"/> after the last one, with the number of occurrences fired
/// (the messages may be consumed in any order, so the job counts them before it completes).
/// Each fire is a span (<c>trigger fire</c>) its messages are published in: a Once job's fire continues the trace of the
/// ScheduleJob that defined it, a recurring job's fires start traces of their own linked to it.
/// </summary>
public sealed class OccurrenceFireHandler(IPublishEndpoint publish) : ITriggerFireHandler<SchedulerDbContext>
{
    public async Task HandleAsync(SchedulerDbContext db, IReadOnlyList<TriggerFire> fires, CancellationToken cancellationToken)
    {
        foreach (var fire in fires)
        {
            using var span = StartSpan(fire);
            switch (fire.Kind)
            {
                case FireKind.OnTime or FireKind.Misfired or FireKind.CaughtUp:
                    await publish.Publish(new JobOccurrenceDue
                    {
                        JobId = fire.JobId,
                        Version = fire.Version,
                        ScheduledFor = fire.ScheduledFor,
                        FiredAt = fire.FiredAt,
                        FromTrigger = true,
                        Last = fire.IsLast,
                        Occurrences = fire.FiredRuns,
                        Cause = fire.Kind switch
                        {
                            FireKind.OnTime => "on time",
                            FireKind.Misfired => "misfire: one catch-up run for the occurrences missed (FireOnce)",
                            _ => "misfire: catching up a missed occurrence (CatchUp)",
                        },
                    }, cancellationToken);
                    break;
                case FireKind.Missed:
                    span?.AddEvent(new ActivityEvent(PlatformAttributes.OccurrenceMissedEvent));
                    await publish.Publish(new JobMissed
                    {
                        JobId = fire.JobId,
                        ScheduledFor = fire.ScheduledFor,
                        Reason = "misfire: the scheduler could not fire it in time and the job's misfire policy skips it",
                    }, cancellationToken);
                    break;
            }

            // The last occurrence carries the exhaustion itself when it runs; otherwise it is announced on its own.
            if (fire.IsLast && !fire.Runs)
                await publish.Publish(new TriggerExhausted { JobId = fire.JobId, Version = fire.Version, Occurrences = fire.FiredRuns }, cancellationToken);
        }
    }

    static Activity? StartSpan(TriggerFire fire)
    {
        // The engine's fire loop runs outside any span; a recurring fire must not nest in whatever was current.
        Activity.Current = null;
        if (!PlatformTelemetry.Source.HasListeners())
            return null;
        var scheduled = fire.Scheduling != default;
        var span = fire.Once && scheduled
            ? PlatformTelemetry.Source.StartActivity("trigger fire", ActivityKind.Internal, fire.Scheduling)
            : PlatformTelemetry.Source.StartActivity(ActivityKind.Internal, parentContext: default,
                links: scheduled ? [new ActivityLink(fire.Scheduling)] : null, name: "trigger fire");
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(PlatformAttributes.JobId, fire.JobId.ToString());
            span.SetTag(PlatformAttributes.JobVersion, fire.Version);
            span.SetTag(PlatformAttributes.ScheduledFor, fire.ScheduledFor.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            span.SetTag(PlatformAttributes.FireKind, fire.Kind.ToString());
            span.SetTag(PlatformAttributes.FireLateness, (fire.FiredAt - fire.ScheduledFor).TotalSeconds);
        }

        return span;
    }
}
