using MassTransit;
using Platform.EntityFrameworkCore;
using Platform.Scheduler.Persistence;

namespace Platform.Scheduler.Consumers;

internal static class SchedulerRetry
{
    /// <summary>Transient failures (the database restarting, say) are retried in place before the error queue.</summary>
    public static void UseSchedulerRetry(this IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(r => r.Intervals(50, 200, 1000, 5000));

    /// <summary>Consumers of the scheduler commit what they change and what they publish together (outbox), consume a
    /// message once (inbox), and retry transient database failures in place before the error queue.</summary>
    public static void UseSchedulerTransaction(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        endpoint.UseSchedulerRetry();
        endpoint.UsePlatformEntityFrameworkOutbox<SchedulerDbContext>(context);
    }
}
