using System.Text.Json.Serialization;

namespace Platform.Contracts;

/// <summary>Which service-level promise a run broke.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SlaViolationKind>))]
public enum SlaViolationKind
{
    /// <summary>The run had not started <c>maxStartDelay</c> after its scheduled time.</summary>
    StartLate,

    /// <summary>The run has been running longer than <c>maxRunDuration</c> (raised while it still runs).</summary>
    RunTooLong,

    /// <summary>The run had not succeeded <c>completeBy</c> after its scheduled time.</summary>
    MissedDeadline,
}
