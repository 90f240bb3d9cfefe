using Platform.Contracts;

namespace Platform.Scheduling.Backfill;

/// <summary>
/// The occurrences a <see cref="BackfillJob"/> runs: those of the job's trigger in [from, to), oldest first, computed
/// the same way by the API (to preview the count) and by the scheduler (to run them). Shared by both so the preview
/// and the backfill cannot disagree.
/// </summary>
public static class BackfillPlan
{
    /// <summary>The most occurrences one backfill may run: a larger range is rejected, to be split by the operator.</summary>
    public const int MaxOccurrences = 1000;

    /// <summary>
    /// The job's occurrences in [<paramref name="from"/>, <paramref name="to"/>), at most <see cref="MaxOccurrences"/> + 1
    /// (one more says the range holds too many). <c>Once</c>: its <c>runAt</c>. <c>Cron</c>: the expression in its zone,
    /// within <c>startAt</c>/<c>endAt</c>. <c>Interval</c>: the grid <c>start + k * every</c> extended backwards before
    /// its start when it has no <c>startAt</c> (start is <paramref name="anchor"/>, the instant the definition was
    /// accepted), so a job created today can backfill last week on the same grid. <c>maxRuns</c> does not apply (it counts
    /// the trigger's own fires). Empty for an <c>Event</c> trigger (see <see cref="Check"/>).
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Occurrences(JobTrigger trigger, DateTimeOffset anchor, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (!TriggerSchedules.HasTimeSchedule(trigger) || to <= from)
            return [];
        if (trigger.Kind == TriggerKind.Interval && trigger.StartAt is null && trigger.Every is { } every && every > TimeSpan.Zero && from < anchor)
        {
            var periods = ((anchor - from).Ticks + every.Ticks - 1) / every.Ticks;
            trigger = trigger with { StartAt = anchor - TimeSpan.FromTicks(periods * every.Ticks) };
        }

        var schedule = TriggerSchedules.Create(trigger, anchor);
        return schedule.Between(from.AddTicks(-1), to.AddTicks(-1)).Take(MaxOccurrences + 1).ToList();
    }

    /// <summary>Every problem with a backfill of a job with <paramref name="definition"/>, as field errors (none: it can
    /// run), and its occurrences. <paramref name="now"/> bounds the range: a backfill is for the past.</summary>
    public static (IReadOnlyList<FieldError> Errors, IReadOnlyList<DateTimeOffset> Occurrences) Check(
        ScheduleJob definition, DateTimeOffset anchor, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<FieldError>();
        void Error(string field, string message) => errors.Add(new FieldError { Field = field, Message = message });

        if (from == default)
            Error("from", "is required: the start of the range, inclusive, as an ISO 8601 instant");
        if (to == default)
            Error("to", "is required: the end of the range, exclusive, as an ISO 8601 instant");
        else if (to <= from)
            Error("to", "must be after from");
        else if (to > now)
            Error("to", $"must not be in the future (now is {now.UtcDateTime:O}): a backfill runs past occurrences; the trigger runs the rest");
        if (definition.Trigger is not { } trigger || !TriggerSchedules.HasTimeSchedule(trigger))
        {
            Error("jobId", "the job has no time trigger (Once, Interval or Cron) to backfill: an event trigger runs on events only");
            return (errors, []);
        }

        if (errors.Count > 0)
            return (errors, []);
        var occurrences = Occurrences(trigger, anchor, from, to);
        if (occurrences.Count == 0)
            Error("from", "the range holds no occurrence of the job's schedule");
        else if (occurrences.Count > MaxOccurrences)
            Error("to", $"the range holds more than {MaxOccurrences} occurrences: backfill it in smaller ranges");
        return (errors, errors.Count > 0 ? [] : occurrences);
    }
}
