using MassTransit;
using MassTransit.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace Platform.EntityFrameworkCore;

/// <summary>Replaces MassTransit's scoped bus context when the bus outbox is on: inside a consumer the consume context
/// decides (the consumer outbox when the endpoint uses it); anywhere else sends and publishes go through
/// <see cref="BusOutboxContext{TDbContext}"/>.</summary>
internal sealed class BusOutboxContextProvider<TDbContext>(
    IBus bus,
    TDbContext db,
    Bind<IBus, IClientFactory> clientFactory,
    Bind<IBus, IScopedConsumeContextProvider> consumeContextProvider,
    IServiceProvider provider,
    TimeProvider clock) : IScopedBusContextProvider<IBus>
    where TDbContext : DbContext
{
    public ScopedBusContext Context { get; } = consumeContextProvider.Value.HasContext
        ? new ConsumeContextScopedBusContext(consumeContextProvider.Value.GetContext(), clientFactory.Value)
        : new BusOutboxContext<TDbContext>(bus, db, clientFactory.Value, provider, clock);
}
