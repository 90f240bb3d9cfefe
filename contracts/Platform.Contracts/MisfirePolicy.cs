using System.Text.Json.Serialization;

namespace Platform.Contracts;

/// <summary>What happens to occurrences whose time passed while nothing could fire them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MisfirePolicy>))]
public enum MisfirePolicy
{
    /// <summary>One catch-up run now, whatever the number missed (default).</summary>
    FireOnce,

    /// <summary>No run; one <see cref="JobMissed"/> per skipped occurrence.</summary>
    Skip,

    /// <summary>One run per missed occurrence, oldest first, up to the scheduler's configured limit.</summary>
    CatchUp,
}
