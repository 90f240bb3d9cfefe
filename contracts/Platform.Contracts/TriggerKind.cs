using System.Text.Json.Serialization;

namespace Platform.Contracts;

/// <summary>How a job decides when to run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TriggerKind>))]
public enum TriggerKind
{
    /// <summary>Runs once at <c>runAt</c>.</summary>
    Once,

    /// <summary>Runs every <c>every</c>, following elapsed time, from <c>startAt</c> until <c>endAt</c> or <c>maxRuns</c>.</summary>
    Interval,

    /// <summary>Runs at the times a cron expression gives in <c>timeZone</c>.</summary>
    Cron,

    /// <summary>Runs when an <see cref="ExternalEvent"/> with the trigger's <c>eventType</c> (and <c>eventKey</c>, if given) is published.</summary>
    Event,
}
