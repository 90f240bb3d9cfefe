namespace Platform.Worker.Tests.Composition;

/// <summary>A message of the service's own domain, nothing to do with the platform.</summary>
public sealed record OrderPlaced(Guid OrderId);
