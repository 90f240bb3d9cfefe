using System.Text.Json;

namespace Platform.Api.ReadModel;

/// <summary>One run (<c>GET /api/runs/{runId}</c>): its history and what it ran with.</summary>
public sealed record RunDetail : RunSummary
{
    public RunDetail(RunSummary summary)
        : base(summary)
    {
    }

    /// <summary>The ScheduleJob the run runs, fixed when it was requested.</summary>
    public JsonElement Definition { get; init; }

    /// <summary>The payload of the external event that started the run, if one did.</summary>
    public JsonElement? EventPayload { get; init; }

    /// <summary>The parent jobs it waits for.</summary>
    public IReadOnlyList<Guid> DependsOn { get; init; } = [];

    /// <summary>Waiting, Met or ParentFailed: the last look at the parents.</summary>
    public string? DependencyCheck { get; init; }

    /// <summary>The SLA the run is held to (<c>[d.]hh:mm:ss</c>), copied from the definition.</summary>
    public TimeSpan? MaxStartDelay { get; init; }

    public TimeSpan? MaxRunDuration { get; init; }

    public TimeSpan? CompleteBy { get; init; }
}
