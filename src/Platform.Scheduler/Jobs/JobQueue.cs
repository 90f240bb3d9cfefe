using System.Text.Json.Nodes;

namespace Platform.Scheduler.Jobs;

/// <summary>Occurrences waiting for the running one to end (overlap policy Queue, and backfills that may not overlap),
/// oldest first. Stored as a JSON array: an instant for an occurrence of the trigger, or <c>{"at", "cause"}</c> for one
/// that starts with its own cause (a backfill's).</summary>
internal static class JobQueue
{
    public static List<DateTimeOffset> Read(JobState job) => Entries(job).Select(e => e.At).ToList();

    /// <summary>Writes the queue; each instant keeps the cause it was queued with.</summary>
    public static void Write(JobState job, List<DateTimeOffset> queue)
    {
        var causes = Entries(job).Where(e => e.Cause is not null).GroupBy(e => e.At).ToDictionary(g => g.Key, g => g.First().Cause);
        WriteEntries(job, queue.Select(at => (at, causes.GetValueOrDefault(at))));
    }

    /// <summary>Queues an occurrence that starts with <paramref name="cause"/> when its turn comes.</summary>
    public static void Append(JobState job, DateTimeOffset at, string cause) =>
        WriteEntries(job, Entries(job).Append((at, cause)));

    /// <summary>The cause a queued occurrence was queued with, or null for the trigger's own.</summary>
    public static string? CauseOf(JobState job, DateTimeOffset at) => Entries(job).FirstOrDefault(e => e.At == at).Cause;

    static IEnumerable<(DateTimeOffset At, string? Cause)> Entries(JobState job) =>
        (JsonNode.Parse(job.QueuedOccurrences)?.AsArray() ?? []).Select(node => node is JsonObject entry
            ? (entry["at"]!.GetValue<DateTimeOffset>(), (string?)entry["cause"]?.GetValue<string>())
            : (node!.GetValue<DateTimeOffset>(), null));

    static void WriteEntries(JobState job, IEnumerable<(DateTimeOffset At, string? Cause)> entries)
    {
        var array = new JsonArray(entries.Select(e => e.Cause is null
            ? JsonValue.Create(e.At)
            : (JsonNode)new JsonObject { ["at"] = JsonValue.Create(e.At), ["cause"] = e.Cause }).ToArray());
        job.QueuedOccurrences = array.Count == 0 ? "[]" : array.ToJsonString();
    }
}
