using MassTransit;

namespace Platform.Quartz;

internal static class BridgeRetry
{
    /// <summary>A schedule must not be lost to a passing database error: retry in place before the error queue.</summary>
    public static void UseBridgeRetry(this IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(r => r.Intervals(100, 500, 1000, 5000, 15000));
}
