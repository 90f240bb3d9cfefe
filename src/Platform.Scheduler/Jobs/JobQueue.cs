using System.Text.Json;

namespace Platform.Scheduler.Jobs;

/// <summary>Occurrences waiting for the running one to end (overlap policy Queue), oldest first.</summary>
internal static class JobQueue
{
    public static List<DateTimeOffset> Read(JobState job) => JsonSerializer.Deserialize<List<DateTimeOffset>>(job.QueuedOccurrences) ?? [];

    public static void Write(JobState job, List<DateTimeOffset> queue) =>
        job.QueuedOccurrences = queue.Count == 0 ? "[]" : JsonSerializer.Serialize(queue);
}
