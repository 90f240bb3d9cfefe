namespace Platform.ServiceDefaults;

/// <summary>Names of the platform's own ActivitySource and Meter, beside MassTransit's (both named "MassTransit").</summary>
public static class PlatformTelemetry
{
    public const string Name = "Platform";
    public const string MassTransit = "MassTransit";
}
