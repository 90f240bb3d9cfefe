using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>A state machine or consumer consumed in shared transactions on one endpoint.</summary>
internal abstract class BatchRegistration(string endpointName)
{
    public string EndpointName { get; } = endpointName;

    public abstract void Register(IServiceCollection services);

    /// <summary>The handlers of each message type it consumes.</summary>
    public abstract IEnumerable<IBatchHandler> CreateHandlers(IServiceProvider services);
}

internal sealed class StateMachineRegistration<TMachine, TSaga>(string endpointName, SagaTelemetry<TSaga>? telemetry) : BatchRegistration(endpointName)
    where TMachine : class, SagaStateMachine<TSaga>
    where TSaga : class, SagaStateMachineInstance
{
    public override void Register(IServiceCollection services)
    {
        services.TryAddSingleton<TMachine>();
        services.TryAddSingleton<SagaStateMachine<TSaga>>(sp => sp.GetRequiredService<TMachine>());
        foreach (var activity in ActivityTypes.Of(Activator.CreateInstance<TMachine>()))
            services.TryAddScoped(activity);
    }

    public override IEnumerable<IBatchHandler> CreateHandlers(IServiceProvider services)
    {
        var machine = services.GetRequiredService<TMachine>();
        var consumerId = BatchConsumerId.For(EndpointName, typeof(TSaga));
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<TMachine>();
        foreach (var correlation in machine.Correlations)
        {
            var handlerType = typeof(SagaBatchHandler<,>).MakeGenericType(typeof(TSaga), correlation.DataType);
            yield return (IBatchHandler)Activator.CreateInstance(handlerType, machine, correlation, consumerId, telemetry, logger)!;
        }
    }
}

internal sealed class ConsumerRegistration<TConsumer>(string endpointName) : BatchRegistration(endpointName)
    where TConsumer : class, IConsumer
{
    public override void Register(IServiceCollection services) => services.TryAddScoped<TConsumer>();

    public override IEnumerable<IBatchHandler> CreateHandlers(IServiceProvider services)
    {
        var consumerId = BatchConsumerId.For(EndpointName, typeof(TConsumer));
        foreach (var contract in typeof(TConsumer).GetInterfaces())
        {
            if (!contract.IsGenericType || contract.GetGenericTypeDefinition() != typeof(IConsumer<>))
                continue;
            var handlerType = typeof(ConsumerBatchHandler<,>).MakeGenericType(typeof(TConsumer), contract.GetGenericArguments()[0]);
            yield return (IBatchHandler)Activator.CreateInstance(handlerType, consumerId)!;
        }
    }
}

/// <summary>The inbox's consumer id of a batched state machine or consumer: stable across restarts and instances, distinct
/// per endpoint.</summary>
internal static class BatchConsumerId
{
    public static Guid For(string endpointName, Type consumer) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{endpointName}/{consumer.FullName}")).AsSpan(0, 16));
}
