namespace Samples.Reports;

/// <summary>The service's own event, on its own bus: nothing to do with the platform.</summary>
public sealed record OrderPlaced(Guid OrderId, string Region, decimal Amount);
