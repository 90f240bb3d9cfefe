using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using MassTransit.Transports;
using Microsoft.EntityFrameworkCore;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// The bus as code outside a consumer sees it in a scope with <typeparamref name="TDbContext"/> (a hosted service, an API
/// request): <see cref="IPublishEndpoint"/>, <see cref="ISendEndpointProvider"/> and the scoped message scheduler add
/// outbox rows to the scope's DbContext instead of going to the broker, so they are delivered only if that DbContext's
/// SaveChanges (and its transaction, if one is open) commits. Each SaveChanges that stores messages closes one outbox;
/// messages published after it start the next. Request clients are not outboxed: a request needs its response now.
/// </summary>
internal sealed class BusOutboxContext<TDbContext>(IBus bus, TDbContext db, IClientFactory clientFactory, IServiceProvider provider, TimeProvider clock)
    : ScopedBusContext, OutboxSendContext
    where TDbContext : DbContext
{
    readonly BusScopedBusContext<IBus> _direct = new(bus, clientFactory, provider);
    readonly Lock _lock = new();
    OutboxState? _outbox;
    IPublishEndpoint? _publishEndpoint;
    ISendEndpointProvider? _sendEndpointProvider;

    public ISendEndpointProvider SendEndpointProvider => _sendEndpointProvider ??= new OutboxSendEndpointProvider(this, bus);

    public IPublishEndpoint PublishEndpoint => _publishEndpoint ??= new PublishEndpoint(new OutboxPublishEndpointProvider(this, bus));

    public IScopedClientFactory ClientFactory => _direct.ClientFactory;

    public object? GetService(Type serviceType) => provider.GetService(serviceType);

    public Task AddSend<T>(SendContext<T> context)
        where T : class
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_outbox is null || db.Entry(_outbox).State != EntityState.Added)
            {
                _outbox = new OutboxState { OutboxId = NewId.NextGuid(), Created = now };
                db.Add(_outbox);
            }

            db.Add(OutboxMessageFactory.Create(context, _outbox.OutboxId, now));
        }

        return Task.CompletedTask;
    }
}
