namespace Platform.Api.Stats;

/// <summary>One queue of the platform's virtual host.</summary>
/// <param name="Name">The queue.</param>
/// <param name="Ready">Messages waiting for a consumer.</param>
/// <param name="Unacknowledged">Messages delivered and not yet acknowledged (being worked on).</param>
/// <param name="Consumers">Consumers attached.</param>
public sealed record QueueDepth(string Name, long Ready, long Unacknowledged, int Consumers);
