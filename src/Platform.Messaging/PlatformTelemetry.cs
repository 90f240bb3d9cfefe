using System.Diagnostics;

namespace Platform.Messaging;

/// <summary>Names of the platform's own ActivitySource and Meter, beside MassTransit's (both named "MassTransit").</summary>
public static class PlatformTelemetry
{
    /// <summary>The platform's own ActivitySource and Meter (worker runs, trigger lateness, breakers).</summary>
    public const string Name = "Platform";

    /// <summary>The ActivitySources of the platform's libraries (for example <c>Platform.EntityFrameworkCore</c>'s transaction
    /// batches), as a wildcard OpenTelemetry's <c>AddSource</c> takes.</summary>
    public const string Libraries = "Platform.*";

    /// <summary>MassTransit's ActivitySource and Meter.</summary>
    public const string MassTransit = "MassTransit";

    /// <summary>The platform's spans (a fire, an attempt). Starting one costs a check while nobody listens.</summary>
    public static readonly ActivitySource Source = new(Name);
}
