using System.Text.Json;

namespace Platform.Worker;

/// <summary>What a handler knows about the run it executes.</summary>
public sealed class JobRunContext
{
    public required Guid JobId { get; init; }

    public required Guid RunId { get; init; }

    /// <summary>1 for the first attempt, one more for each retry.</summary>
    public required int Attempt { get; init; }

    public required string JobType { get; init; }

    /// <summary>The occurrence this run is for (not when it started).</summary>
    public required DateTimeOffset ScheduledFor { get; init; }

    /// <summary>The job's payload as sent, or null when it had none.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>The payload read as <typeparamref name="T"/> (camelCase JSON), or default when there is none.</summary>
    public T? PayloadAs<T>() => Payload is { } payload ? payload.Deserialize<T>(JsonSerializerOptions.Web) : default;
}
