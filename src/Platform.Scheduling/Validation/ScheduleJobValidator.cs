using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Contracts;

namespace Platform.Scheduling.Validation;

/// <summary>Checks a <see cref="ScheduleJob"/> and reports every field error at once, so a sender fixes them in one go.</summary>
public static partial class ScheduleJobValidator
{
    public const int MaxJobTypeLength = 200;
    public const int MaxTagCount = 50;
    public const int MaxTagLength = 200;
    public const int MaxOwnerLength = 200;
    public const int MaxEventLength = 200;

    /// <summary>The most jobs one <see cref="ScheduleJobs"/> may carry.</summary>
    public const int MaxJobsPerBatch = 1000;

    /// <summary>The largest payload the scheduler accepts unless configured otherwise (256 KiB of JSON).</summary>
    public const int DefaultMaxPayloadBytes = 256 * 1024;
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]*$")]
    private static partial Regex JobTypePattern();

    /// <summary>Checks the envelope of a bulk <see cref="ScheduleJobs"/> (each job is then checked on its own with
    /// <see cref="Validate(ScheduleJob, int)"/>).</summary>
    public static IReadOnlyList<FieldError> ValidateBatch(ScheduleJobs batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.Jobs is not { Count: > 0 and <= MaxJobsPerBatch } || batch.Jobs.Any(j => j is null)
            ? [new FieldError { Field = "jobs", Message = $"must hold 1-{MaxJobsPerBatch} jobs, none null" }]
            : [];
    }

    public static IReadOnlyList<FieldError> Validate(ScheduleJob job, int maxPayloadBytes)
    {
        var errors = new List<FieldError>();
        void Error(string field, string message) => errors.Add(new FieldError { Field = field, Message = message });

        if (job.JobId == Guid.Empty)
            Error("jobId", "is required: a non-empty GUID that identifies the job (the same id again replaces or repeats it)");

        if (string.IsNullOrWhiteSpace(job.JobType))
            Error("jobType", "is required: the handler's job type, such as 'billing.invoice'");
        else if (job.JobType.Length > MaxJobTypeLength || !JobTypePattern().IsMatch(job.JobType))
            Error("jobType", $"must be 1-{MaxJobTypeLength} characters of letters, digits and . _ : - starting with a letter or digit");

        if (job.Payload is { } payload && payload.GetRawText().Length > maxPayloadBytes)
            Error("payload", $"is larger than the {maxPayloadBytes} bytes accepted; store large data elsewhere and pass a reference");
        else if (job.Payload is { } text && HasNul(text))
            Error("payload", NulMessage);

        ValidateTrigger(job.Trigger, Error);

        if (job.Priority is < 0 or > 9)
            Error("priority", "must be 0-9 (9 runs first)");

        if (job.Retry is { } retry)
        {
            if (retry.MaxAttempts is < 1 or > 100)
                Error("retry.maxAttempts", "must be 1-100 (1 means no retry)");
            if (retry.InitialDelay < TimeSpan.Zero)
                Error("retry.initialDelay", "must not be negative");
            if (retry.Multiplier is < 1 or > 100 || double.IsNaN(retry.Multiplier))
                Error("retry.multiplier", "must be between 1 and 100");
            if (retry.MaxDelay < retry.InitialDelay)
                Error("retry.maxDelay", "must not be less than retry.initialDelay");
        }

        if (job.Timeout is { } timeout && timeout <= TimeSpan.Zero)
            Error("timeout", "must be positive");

        if (job.Sla is { } sla)
        {
            if (sla.MaxStartDelay is { } start && start <= TimeSpan.Zero)
                Error("sla.maxStartDelay", "must be positive");
            if (sla.MaxRunDuration is { } run && run <= TimeSpan.Zero)
                Error("sla.maxRunDuration", "must be positive");
            if (sla.CompleteBy is { } by && by <= TimeSpan.Zero)
                Error("sla.completeBy", "must be positive");
        }

        if (!Enum.IsDefined(job.Overlap))
            Error("overlap", "must be Skip, Queue or Allow");
        if (!Enum.IsDefined(job.Misfire))
            Error("misfire", "must be FireOnce, Skip or CatchUp");

        if (job.DependsOn is { } parents)
        {
            if (parents.Contains(job.JobId) && job.JobId != Guid.Empty)
                Error("dependsOn", "must not contain the job itself");
            if (parents.Contains(Guid.Empty))
                Error("dependsOn", "must not contain an empty id");
            if (parents.Distinct().Count() != parents.Count)
                Error("dependsOn", "must not list a job twice");
        }

        if (job.Tags is { } tags)
        {
            if (tags.Count > MaxTagCount)
                Error("tags", $"must have at most {MaxTagCount} entries");
            foreach (var (key, value) in tags)
            {
                if (HasNul(key) || HasNul(value))
                    Error("tags", NulMessage);
                else if (string.IsNullOrWhiteSpace(key) || key.Length > MaxTagLength)
                    Error("tags", $"keys must be 1-{MaxTagLength} characters");
                else if (value is null || value.Length > MaxTagLength)
                    Error($"tags.{key}", $"must be a string of at most {MaxTagLength} characters");
            }
        }

        if (job.Owner is { Length: > MaxOwnerLength })
            Error("owner", $"must be at most {MaxOwnerLength} characters");
        else if (HasNul(job.Owner))
            Error("owner", NulMessage);

        return errors;
    }

    /// <summary>What a field holding U+0000 is told: PostgreSQL stores no NUL character in text or JSON, so a job holding
    /// one could not be stored faithfully.</summary>
    public const string NulMessage = "must not contain the NUL character (U+0000): it cannot be stored";

    /// <summary>True when <paramref name="value"/> holds U+0000.</summary>
    public static bool HasNul(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);

    static bool HasNul(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => HasNul(element.GetString()),
        JsonValueKind.Array => element.EnumerateArray().Any(HasNul),
        JsonValueKind.Object => element.EnumerateObject().Any(p => HasNul(p.Name) || HasNul(p.Value)),
        _ => false,
    };

    /// <summary>
    /// One error per bad field. Once: runAt. Interval: every (at least <see cref="MinimumInterval"/>), optional startAt,
    /// endAt (after startAt), maxRuns (at least 1). Cron: cron (the parser's message), timeZone (a known IANA id; UTC when
    /// absent), optional startAt, endAt (after startAt, with at least one occurrence between them), maxRuns. Event: eventType,
    /// optional eventKey and maxRuns; startAt and endAt do not apply (they bound time schedules, and an event trigger has
    /// none). Every field another kind uses is rejected as not applying.
    /// </summary>
    static void ValidateTrigger(JobTrigger? trigger, Action<string, string> error)
    {
        if (trigger is null)
        {
            error("trigger", "is required: { \"kind\": \"Once\", \"runAt\": \"2030-01-01T09:00:00+00:00\" } or an Interval, Cron or Event trigger");
            return;
        }

        if (trigger.Kind is not { } kind)
        {
            error("trigger.kind", "is required: Once, Interval, Cron or Event");
            return;
        }

        if (!Enum.IsDefined(kind))
        {
            error("trigger.kind", "must be Once, Interval, Cron or Event");
            return;
        }

        var withNul = new[] { ("trigger.cron", trigger.Cron), ("trigger.timeZone", trigger.TimeZone), ("trigger.eventType", trigger.EventType),
            ("trigger.eventKey", trigger.EventKey) }.Where(f => HasNul(f.Item2)).ToList();
        foreach (var (field, _) in withNul)
            error(field, NulMessage);
        if (withNul.Count > 0)
            return;

        switch (kind)
        {
            case TriggerKind.Once:
                if (trigger.RunAt is null)
                    error("trigger.runAt", "is required for a Once trigger (an ISO 8601 instant with offset; a past instant runs now)");
                NotFor(trigger.Every, "every");
                NotFor(trigger.Cron, "cron");
                NotFor(trigger.TimeZone, "timeZone");
                NotFor(trigger.StartAt, "startAt");
                NotFor(trigger.EndAt, "endAt");
                NotFor(trigger.MaxRuns, "maxRuns");
                NotFor(trigger.EventType, "eventType");
                NotFor(trigger.EventKey, "eventKey");
                break;

            case TriggerKind.Interval:
                if (trigger.Every is not { } every)
                    error("trigger.every", $"is required for an Interval trigger: the time between runs as [d.]hh:mm:ss, such as \"00:15:00\" (at least {MinimumInterval.TotalSeconds:0} second)");
                else if (every < MinimumInterval)
                    error("trigger.every", $"must be at least {MinimumInterval.TotalSeconds:0} second, such as \"00:00:30\" or \"1.00:00:00\"");
                ValidateWindow(trigger, error);
                NotFor(trigger.RunAt, "runAt");
                NotFor(trigger.Cron, "cron");
                NotFor(trigger.TimeZone, "timeZone");
                NotFor(trigger.EventType, "eventType");
                NotFor(trigger.EventKey, "eventKey");
                break;

            case TriggerKind.Cron:
                var cronValid = false;
                if (string.IsNullOrWhiteSpace(trigger.Cron))
                    error("trigger.cron", "is required for a Cron trigger: 5 fields (minute hour day-of-month month day-of-week), such as \"30 9 * * MON-FRI\", or 6 with seconds first");
                else if (!CronSchedule.TryParse(trigger.Cron, null, out _, out var cronError))
                    error("trigger.cron", cronError);
                else
                    cronValid = true;
                var zoneValid = true;
                if (!CronSchedule.TryFindTimeZone(trigger.TimeZone, out _, out var zoneError))
                {
                    error("trigger.timeZone", zoneError);
                    zoneValid = false;
                }
                if (ValidateWindow(trigger, error) && cronValid && zoneValid && trigger is { StartAt: not null, EndAt: not null }
                    && TriggerSchedules.Create(trigger, DateTimeOffset.MinValue).Next(DateTimeOffset.MinValue) is null)
                    error("trigger.endAt", "leaves no occurrence of the cron expression between startAt and endAt");
                NotFor(trigger.RunAt, "runAt");
                NotFor(trigger.Every, "every");
                NotFor(trigger.EventType, "eventType");
                NotFor(trigger.EventKey, "eventKey");
                break;

            case TriggerKind.Event:
                if (string.IsNullOrWhiteSpace(trigger.EventType))
                    error("trigger.eventType", "is required for an Event trigger: the eventType of the ExternalEvent that runs the job, such as 'invoice.paid'");
                else if (trigger.EventType.Length > MaxEventLength || !JobTypePattern().IsMatch(trigger.EventType))
                    error("trigger.eventType", $"must be 1-{MaxEventLength} characters of letters, digits and . _ : - starting with a letter or digit");
                if (trigger.EventKey is { } key && (string.IsNullOrWhiteSpace(key) || key.Length > MaxEventLength))
                    error("trigger.eventKey", $"must be 1-{MaxEventLength} characters when given; leave it out to run on every event of the type");
                if (trigger.MaxRuns is < 1)
                    error("trigger.maxRuns", "must be at least 1 (leave it out for no limit)");
                NotFor(trigger.RunAt, "runAt");
                NotFor(trigger.Every, "every");
                NotFor(trigger.Cron, "cron");
                NotFor(trigger.TimeZone, "timeZone");
                NotFor(trigger.StartAt, "startAt");
                NotFor(trigger.EndAt, "endAt");
                break;
        }

        void NotFor(object? value, string field)
        {
            if (value is not null)
                error($"trigger.{field}", $"does not apply to {(kind is TriggerKind.Interval or TriggerKind.Event ? "an" : "a")} {kind} trigger");
        }
    }

    /// <summary>startAt, endAt and maxRuns of Interval and Cron triggers; false when they are inconsistent.</summary>
    static bool ValidateWindow(JobTrigger trigger, Action<string, string> error)
    {
        var valid = true;
        if (trigger is { StartAt: { } start, EndAt: { } end } && end <= start)
        {
            error("trigger.endAt", "must be after trigger.startAt");
            valid = false;
        }

        if (trigger.MaxRuns is < 1)
        {
            error("trigger.maxRuns", "must be at least 1 (leave it out for no limit)");
            valid = false;
        }

        return valid;
    }
}
