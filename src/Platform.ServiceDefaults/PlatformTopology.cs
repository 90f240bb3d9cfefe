using MassTransit;
using Platform.Contracts;
using RabbitMQ.Client;

namespace Platform.ServiceDefaults;

/// <summary>
/// Broker topology that publishers and consumers of the same message must declare identically (RabbitMQ refuses a
/// redeclaration with other arguments), so it lives in one place and every host applies it.
/// </summary>
public static class PlatformTopology
{
    /// <summary>Runs go to a direct exchange routed by job type: each worker binds the types it has handlers for.</summary>
    public const string RunsExchange = "Platform.Contracts:ExecuteJobRun";

    /// <summary>A run whose job type no worker has ever bound lands here (the runs exchange's alternate exchange) instead
    /// of vanishing; the scheduler fails it with a clear error.</summary>
    public const string UnroutedRunsExchange = "platform.unrouted-runs";

    /// <summary>Highest run priority; RabbitMQ's <c>x-max-priority</c> on classic worker queues.</summary>
    public const byte MaxPriority = 9;

    public static void ConfigureRunRouting(this IRabbitMqBusFactoryConfigurator cfg)
    {
        cfg.Send<ExecuteJobRun>(s => s.UseRoutingKeyFormatter(c => c.Message.JobType));
        cfg.Publish<ExecuteJobRun>(p =>
        {
            p.ExchangeType = ExchangeType.Direct;
            p.SetExchangeArgument("alternate-exchange", UnroutedRunsExchange);
        });
    }

    /// <summary>Binds a receive endpoint to the runs of one job type, declaring the runs exchange exactly as publishers do.</summary>
    public static void BindRuns(this IRabbitMqReceiveEndpointConfigurator endpoint, string jobType) =>
        endpoint.Bind<ExecuteJobRun>(b =>
        {
            b.ExchangeType = ExchangeType.Direct;
            b.SetExchangeArgument("alternate-exchange", UnroutedRunsExchange);
            b.RoutingKey = jobType;
        });
}
