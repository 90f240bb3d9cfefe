using System.Text.Json;

namespace Platform.Cli;

/// <summary>How the API's answers are shown: the columns of each listing and the fields of each detail.</summary>
internal static class Views
{
    public static string Jobs(JsonElement page) => Table.Format(
        ["JOB ID", "TYPE", "STATE", "TRIGGER", "VERSION", "NEXT RUN (UTC)", "LAST OUTCOME", "ACTIVE RUNS", "OWNER"],
        Items(page).Select(j => new[]
        {
            Json.Text(j, "jobId"), Json.Text(j, "jobType"), Json.Text(j, "state"), Json.Text(j, "triggerKind"), Json.Text(j, "version"),
            Json.Instant(j, "nextRunAt"), LastRun(j, "outcome"), Json.Text(j, "activeRuns"), Json.Text(j, "owner"),
        }));

    public static string Job(JsonElement job) => Details.Format(
    [
        ("Job ID", Json.Text(job, "jobId")),
        ("Type", Json.Text(job, "jobType")),
        ("State", Json.Text(job, "state")),
        ("Version", Json.Text(job, "version")),
        ("Owner", Json.Text(job, "owner")),
        ("Trigger", Json.Text(job, "triggerKind")),
        ("Trigger state", Json.Text(job, "triggerState")),
        ("Fire count", Json.Text(job, "fireCount")),
        ("Trigger exhausted", Json.Text(job, "triggerExhausted")),
        ("Event type", Json.Text(job, "eventType")),
        ("Event key", Json.Text(job, "eventKey")),
        ("Next run", Json.Instant(job, "nextRunAt")),
        ("Active runs", Json.Text(job, "activeRuns")),
        ("Last run", LastRun(job, "runId")),
        ("Last outcome", LastRun(job, "outcome")),
        ("Last finished", job.TryGetProperty("lastRun", out var last) ? Json.Instant(last, "finishedAt") : null),
        ("Depends on", List(job, "dependsOn", Json.Text)),
        ("Queued", List(job, "queuedOccurrences", v => Json.Text(v) is { } t ? Json.Instant(t) : null)),
        ("Created", Json.Instant(job, "createdAt")),
        ("Updated", Json.Instant(job, "updatedAt")),
        ("Definition", job.TryGetProperty("definition", out var definition) ? Json.Pretty(definition) : null),
    ]);

    public static string Runs(JsonElement page) => Table.Format(
        ["RUN ID", "JOB ID", "TYPE", "STATE", "ATTEMPT", "SCHEDULED FOR (UTC)", "FINISHED AT (UTC)", "WORKER"],
        Items(page).Select(r => new[]
        {
            Json.Text(r, "runId"), Json.Text(r, "jobId"), Json.Text(r, "jobType"), Json.Text(r, "state"), Json.Text(r, "attempt"),
            Json.Instant(r, "scheduledFor"), Json.Instant(r, "finishedAt"), Json.Text(r, "worker"),
        }));

    public static string Run(JsonElement run) => Details.Format(
    [
        ("Run ID", Json.Text(run, "runId")),
        ("Job ID", Json.Text(run, "jobId")),
        ("Job version", Json.Text(run, "jobVersion")),
        ("Type", Json.Text(run, "jobType")),
        ("State", Json.Text(run, "state")),
        ("Cause", Json.Text(run, "cause")),
        ("Priority", Json.Text(run, "priority")),
        ("Attempt", Json.Text(run, "attempt")),
        ("Replay", Json.Text(run, "replay")),
        ("Scheduled for", Json.Instant(run, "scheduledFor")),
        ("Fired", Json.Instant(run, "firedAt")),
        ("Queued", Json.Instant(run, "queuedAt")),
        ("Started", Json.Instant(run, "startedAt")),
        ("Finished", Json.Instant(run, "finishedAt")),
        ("Next attempt", Json.Instant(run, "nextAttemptAt")),
        ("Last heartbeat", Json.Instant(run, "lastHeartbeatAt")),
        ("Progress", Json.Text(run, "progress") is { } progress ? $"{progress}% {Json.Text(run, "progressMessage")}".TrimEnd() : null),
        ("Worker", Json.Text(run, "worker")),
        ("Timed out", Json.Text(run, "timedOut")),
        ("Cancel requested", Json.Text(run, "cancelRequested")),
        ("Depends on", List(run, "dependsOn", Json.Text)),
        ("Dependencies", Json.Text(run, "dependencyCheck")),
        ("Error", Json.Text(run, "error")),
    ]);

    public static string Audit(JsonElement page) => Table.Format(
        ["RECEIVED (UTC)", "COMMAND", "JOB ID", "SENDER", "ACCEPTED", "OUTCOME"],
        Items(page).Select(a => new[]
        {
            Json.Instant(a, "receivedAt"), Json.Text(a, "command"), Json.Text(a, "jobId"), Json.Text(a, "sender"), Json.Text(a, "accepted"),
            Outcome(a),
        }));

    public static string CronOccurrences(JsonElement answer) => Table.Format(
        ["UTC", $"LOCAL ({Json.Text(answer, "timeZone")})"],
        answer.GetProperty("occurrences").EnumerateArray().Select(o => new[] { Json.Instant(o.GetString()!), o.GetString() }));

    /// <summary>What a 202 Accepted means, in one line.</summary>
    public static string Accepted(JsonElement accepted)
    {
        var jobId = Json.Text(accepted, "jobId");
        var (what, follow) = Json.Text(accepted, "runId") is { } runId
            ? ($"run {runId} of job {jobId}", $"platform-cli run {runId}")
            : ($"job {jobId}", $"platform-cli audit --job {jobId}");
        return $"accepted: {Json.Text(accepted, "command")} for {what}, sent as {Json.Text(accepted, "sender")}; " +
            $"the scheduler decides (see: {follow})\n";
    }

    public static IEnumerable<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray();

    static string? LastRun(JsonElement job, string property) =>
        job.TryGetProperty("lastRun", out var last) ? Json.Text(last, property) : null;

    static string? List(JsonElement item, string property, Func<JsonElement, string?> show) =>
        item.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? string.Join(", ", list.EnumerateArray().Select(show))
            : null;

    /// <summary>An audit outcome: a string as is, a rejection's field errors as <c>field: message; ...</c>.</summary>
    static string? Outcome(JsonElement entry) =>
        entry.TryGetProperty("outcome", out var outcome) && outcome.ValueKind == JsonValueKind.Array
            ? string.Join("; ", outcome.EnumerateArray().Select(e => $"{Json.Text(e, "field")}: {Json.Text(e, "message")}"))
            : Json.Text(entry, "outcome");
}
