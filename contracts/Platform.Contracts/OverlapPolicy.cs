using System.Text.Json.Serialization;

namespace Platform.Contracts;

/// <summary>What happens when an occurrence is due while the previous run of the same job is still running.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OverlapPolicy>))]
public enum OverlapPolicy
{
    /// <summary>The occurrence is recorded as missed (default).</summary>
    Skip,

    /// <summary>The occurrence runs after the running one finishes.</summary>
    Queue,

    /// <summary>The occurrence runs at once, beside the running one.</summary>
    Allow,
}
