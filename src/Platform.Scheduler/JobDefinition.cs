using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Contracts;

namespace Platform.Scheduler;

/// <summary>The canonical form of a job definition: what is stored, and the hash that tells a duplicate ScheduleJob
/// (no-op) from a replacement.</summary>
public static class JobDefinition
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string ToJson(ScheduleJob job) => JsonSerializer.Serialize(Canonical(job), Options);

    /// <summary>The definition stored as <paramref name="json"/>. Parsed once per string instance: a job's stored
    /// definition is read by several activities of one transaction (the occurrence, the run it starts, its dispatch), and
    /// a <see cref="ScheduleJob"/> is immutable, so they share one.</summary>
    public static ScheduleJob FromJson(string json) =>
        Parsed.GetValue(json, static text =>
            JsonSerializer.Deserialize<ScheduleJob>(text, Options) ?? throw new InvalidOperationException("Stored job definition is empty"));

    public static string Hash(ScheduleJob job) => HashOf(ToJson(job));

    /// <summary>The hash of a definition already in its canonical JSON (<see cref="ToJson"/>).</summary>
    public static string HashOf(string canonicalJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, ScheduleJob> Parsed = [];

    /// <summary>Instants in UTC and tags in key order, so equal definitions serialize equally.</summary>
    static ScheduleJob Canonical(ScheduleJob job) => job with
    {
        Trigger = job.Trigger is null ? null : job.Trigger with
        {
            RunAt = job.Trigger.RunAt?.ToUniversalTime(),
            StartAt = job.Trigger.StartAt?.ToUniversalTime(),
            EndAt = job.Trigger.EndAt?.ToUniversalTime(),
        },
        Tags = job.Tags is null ? null : new SortedDictionary<string, string>(job.Tags.ToDictionary(), StringComparer.Ordinal),
    };
}
