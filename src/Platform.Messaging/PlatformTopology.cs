using MassTransit;
using Platform.Contracts;
using RabbitMQ.Client;

namespace Platform.Messaging;

/// <summary>
/// Broker topology that publishers and consumers of the same message must declare identically (RabbitMQ refuses a
/// redeclaration with other arguments), so it lives in one place and every host applies it.
/// </summary>
public static class PlatformTopology
{
    /// <summary>Runs go to a direct exchange routed by job type and priority (<see cref="RunRoutingKey"/>): each worker
    /// queue binds the types it has handlers for, at the priorities it takes.</summary>
    public const string RunsExchange = "Platform.Contracts:ExecuteJobRun";

    /// <summary>A run whose job type no worker has ever bound lands here (the runs exchange's alternate exchange) instead
    /// of vanishing; the scheduler fails it with a clear error.</summary>
    public const string UnroutedRunsExchange = "platform.unrouted-runs";

    /// <summary>Highest run priority; RabbitMQ's <c>x-max-priority</c> on classic worker queues.</summary>
    public const byte MaxPriority = 9;

    /// <summary>Every run priority, 0 to <see cref="MaxPriority"/>.</summary>
    public static IReadOnlyList<int> AllPriorities { get; } = Enumerable.Range(0, MaxPriority + 1).ToArray();

    /// <summary>
    /// The routing key of a run: <c>{jobType}.p{priority}</c> (priority clamped to 0-9). Publishers never need to know how
    /// workers queue runs: a classic priority queue binds all ten keys of a type, a worker with one quorum queue per
    /// priority band binds each band's keys to that band's queue.
    /// </summary>
    public static string RunRoutingKey(string jobType, int priority) => $"{jobType}.p{Math.Clamp(priority, 0, MaxPriority)}";

    /// <summary>Publishes <see cref="ExecuteJobRun"/> to <see cref="RunsExchange"/> (direct, with
    /// <see cref="UnroutedRunsExchange"/> as its alternate exchange) under <see cref="RunRoutingKey"/>. Every bus that
    /// publishes or binds runs applies it; applying it twice is harmless.</summary>
    public static void ConfigureRunRouting(this IRabbitMqBusFactoryConfigurator cfg)
    {
        cfg.Send<ExecuteJobRun>(s => s.UseRoutingKeyFormatter(c => RunRoutingKey(c.Message.JobType, c.Message.Priority)));
        cfg.Publish<ExecuteJobRun>(p =>
        {
            p.ExchangeType = ExchangeType.Direct;
            p.SetExchangeArgument("alternate-exchange", UnroutedRunsExchange);
        });
    }

    /// <summary>Binds a receive endpoint to the runs of one job type at every priority, declaring the runs exchange exactly
    /// as publishers do.</summary>
    public static void BindRuns(this IRabbitMqReceiveEndpointConfigurator endpoint, string jobType) =>
        endpoint.BindRuns(jobType, AllPriorities);

    /// <summary>Binds a receive endpoint to the runs of one job type at the given priorities.</summary>
    public static void BindRuns(this IRabbitMqReceiveEndpointConfigurator endpoint, string jobType, IEnumerable<int> priorities)
    {
        foreach (var priority in priorities)
        {
            endpoint.Bind<ExecuteJobRun>(b =>
            {
                b.ExchangeType = ExchangeType.Direct;
                b.SetExchangeArgument("alternate-exchange", UnroutedRunsExchange);
                b.RoutingKey = RunRoutingKey(jobType, priority);
            });
        }
    }
}
