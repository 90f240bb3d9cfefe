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

    public static string CronOccurrences(JsonElement answer) =>
        (Json.Text(answer, "description") is { Length: > 0 } words ? $"{words}\n" : "") + Table.Format(
            ["UTC", $"LOCAL ({Json.Text(answer, "timeZone")})"],
            answer.GetProperty("occurrences").EnumerateArray().Select(o => new[] { Json.Instant(o.GetString()!), o.GetString() }));

    public static string Fires(JsonElement page) => Table.Format(
        ["DUE (UTC)", "FIRED (UTC)", "KIND", "VERSION", "INSTANCE"],
        Items(page).Select(f => new[]
        {
            Json.Instant(f, "scheduledFor"), Json.Instant(f, "firedAt"), Json.Text(f, "kind"), Json.Text(f, "version"), Json.Text(f, "instance"),
        }));

    public static string Workers(JsonElement workers) => Table.Format(
        ["WORKER", "STATUS", "JOB TYPES", "SLOTS IN USE", "WAITING", "BREAKERS", "LAST HEARTBEAT (UTC)"],
        workers.EnumerateArray().Select(w => new[]
        {
            Json.Text(w, "worker"), Json.Text(w, "status"), List(w, "jobTypes", Json.Text), $"{Json.Text(w, "slotsInUse")}/{Json.Text(w, "slots")}",
            Json.Text(w, "runsWaiting"), List(w, "breakers", b => $"{Json.Text(b, "jobType")}:{Json.Text(b, "state")}"), Json.Instant(w, "lastHeartbeatAt"),
        }));

    public static string DeadLetterGroups(JsonElement page) => Table.Format(
        ["JOB TYPE", "RUNS", "LAST (UTC)", "ERROR"],
        Items(page).Select(g => new[] { Json.Text(g, "jobType"), Json.Text(g, "count"), Json.Instant(g, "lastAt"), Json.Text(g, "error") }));

    public static string DeadLetterReplay(JsonElement result) => Json.Text(result, "sent") == "true"
        ? $"replayed: {Json.Text(result, "count")} run(s), sent as {Json.Text(result, "sender")}\n"
        : $"preview: {Json.Text(result, "count")} run(s) would be replayed; add --yes to replay them\n" +
          string.Concat(result.GetProperty("runIds").EnumerateArray().Select(r => $"  {r.GetString()}\n"));

    public static string Backfill(JsonElement result)
    {
        var occurrences = result.GetProperty("occurrences").EnumerateArray().Select(o => Json.Instant(o.GetString()!)).ToList();
        var head = Json.Text(result, "sent") == "true"
            ? $"accepted: BackfillJob for job {Json.Text(result, "jobId")}: {occurrences.Count} run(s) with cause backfill, sent as {Json.Text(result, "sender")}; " +
              $"see: platform-cli runs --job-id {Json.Text(result, "jobId")} --cause backfill\n"
            : $"preview: {occurrences.Count} occurrence(s) would run; add --yes to run them\n";
        return head + string.Concat(occurrences.Take(20).Select(o => $"  {o}\n")) + (occurrences.Count > 20 ? $"  ... and {occurrences.Count - 20} more\n" : "");
    }

    public static string Stats(JsonElement stats) => Details.Format(
    [
        ("Window", $"{Json.Instant(stats, "from")} to {Json.Instant(stats, "to")}"),
        ("Jobs", Counts(stats.GetProperty("jobs"))),
        ("Runs", Counts(stats.GetProperty("runs"))),
        ("Success rate", stats.TryGetProperty("successRate", out var rate) && rate.ValueKind == JsonValueKind.Number
            ? rate.GetDouble().ToString("P1", System.Globalization.CultureInfo.InvariantCulture) : null),
        ("Fires", $"on time {Json.Text(stats.GetProperty("fires"), "onTime")}, late {Json.Text(stats.GetProperty("fires"), "late")}, missed {Json.Text(stats.GetProperty("fires"), "missed")}"),
        ("Workers", Counts(stats.GetProperty("workers"))),
        ("Open breakers", List(stats, "openBreakers", b => $"{Json.Text(b, "jobType")} on {Json.Text(b, "worker")} ({Json.Text(b, "state")})")),
        ("Queues", Json.Text(stats, "queuesProblem") ?? List(stats, "queues", q => $"{Json.Text(q, "name")} {Json.Text(q, "ready")}+{Json.Text(q, "unacknowledged")}")),
    ]);

    static string Counts(JsonElement counts) =>
        string.Join(", ", counts.EnumerateObject().Select(c => $"{c.Name} {c.Value}"));

    /// <summary>What a 202 Accepted means, in one line.</summary>
    public static string Accepted(JsonElement accepted)
    {
        var jobId = Json.Text(accepted, "jobId");
        var (what, follow) = Json.Text(accepted, "runId") is { } runId
            ? ($"run {runId} of job {jobId}", $"platform-cli run {runId}")
            : ($"job {jobId}", $"platform-cli audit --job-id {jobId}");
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
