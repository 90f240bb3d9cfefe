namespace Platform.Messaging;

/// <summary>Names of the platform's own ActivitySource and Meter, beside MassTransit's (both named "MassTransit").</summary>
public static class PlatformTelemetry
{
    /// <summary>The platform's own ActivitySource and Meter (worker runs, trigger lateness, breakers).</summary>
    public const string Name = "Platform";

    /// <summary>MassTransit's ActivitySource and Meter.</summary>
    public const string MassTransit = "MassTransit";
}
