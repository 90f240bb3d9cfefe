namespace Platform.Worker.Handlers;

/// <summary>The payload of <c>platform.sleep</c>: how long to sleep.</summary>
public sealed record SleepPayload(int Ms);
