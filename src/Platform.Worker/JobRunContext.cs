using System.Text.Json;

namespace Platform.Worker;

/// <summary>What a handler knows about the run it executes, and how it reports that it is alive and how far it got.</summary>
public sealed class JobRunContext
{
    public required Guid JobId { get; init; }

    public required Guid RunId { get; init; }

    /// <summary>1 for the first attempt, one more for each retry.</summary>
    public required int Attempt { get; init; }

    /// <summary>0 for the run as fired; n for its n-th replay after it was dead-lettered.</summary>
    public int Replay { get; init; }

    public required string JobType { get; init; }

    /// <summary>The occurrence this run is for (not when it started).</summary>
    public required DateTimeOffset ScheduledFor { get; init; }

    /// <summary>0-9; 9 first.</summary>
    public int Priority { get; init; }

    /// <summary>The job's payload as sent, or null when it had none.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>The worker process running this attempt.</summary>
    public string Worker { get; init; } = "";

    /// <summary>Where heartbeats go; absent when a test builds a context by hand.</summary>
    internal Execution.RunHeartbeat? Heartbeats { get; init; }

    /// <summary>The payload read as <typeparamref name="T"/> (camelCase JSON), or default when there is none.</summary>
    public T? PayloadAs<T>() => Payload is { } payload ? payload.Deserialize<T>(JsonSerializerOptions.Web) : default;

    /// <summary>Says the run is alive (optionally what it is doing). The worker already sends a heartbeat every
    /// <see cref="WorkerOptions.HeartbeatInterval"/> while the handler runs; calls are throttled to one heartbeat per
    /// <see cref="WorkerOptions.HeartbeatThrottle"/> (the latest message wins). Never blocks.</summary>
    public void Heartbeat(string? message = null) => Heartbeats?.Report(progress: null, message);

    /// <summary>Reports how far the run got, 0-100 (clamped), with an optional message; throttled like
    /// <see cref="Heartbeat"/>. Never blocks.</summary>
    public void ReportProgress(int percent, string? message = null) => Heartbeats?.Report(Math.Clamp(percent, 0, 100), message);
}
