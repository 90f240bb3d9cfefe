using MassTransit;

namespace Platform.Scheduler.Consumers;

internal static class SchedulerRetry
{
    /// <summary>Transient failures (a deadlock, a unique-key race between duplicate deliveries, the database restarting)
    /// are retried in place before the message is given to the error queue.</summary>
    public static void UseSchedulerRetry(this IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(r => r.Intervals(50, 200, 1000, 5000));
}
