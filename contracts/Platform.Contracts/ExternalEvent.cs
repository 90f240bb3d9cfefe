using System.Text.Json;

namespace Platform.Contracts;

/// <summary>Something happened elsewhere; runs the jobs whose Event trigger matches it.</summary>
public sealed record ExternalEvent
{
    /// <summary>Matched against <see cref="JobTrigger.EventType"/>.</summary>
    public string EventType { get; init; } = "";

    /// <summary>Matched against <see cref="JobTrigger.EventKey"/> when the trigger has one.</summary>
    public string? Key { get; init; }

    /// <summary>Any JSON; handed to the runs it starts beside the job's own payload.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>When it happened; the runs it starts are scheduled for this instant.</summary>
    public DateTimeOffset OccurredAt { get; init; }
}
