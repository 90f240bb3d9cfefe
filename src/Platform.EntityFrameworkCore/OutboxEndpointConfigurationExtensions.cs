using MassTransit;
using MassTransit.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Platform.EntityFrameworkCore;

/// <summary>What a consumer or saga definition calls on its endpoint.</summary>
public static class OutboxEndpointConfigurationExtensions
{
    /// <summary>
    /// Every consumer and saga on this endpoint consumes inside one transaction of the scope's
    /// <typeparamref name="TDbContext"/>: its DbContext changes (a saga's state included), the messages it sends,
    /// publishes or schedules (outbox rows) and the inbox row for the consumed message commit together or not at all,
    /// and a message id this consumer already consumed is acknowledged without being consumed again. The counterpart of
    /// MassTransit.EntityFrameworkCore's <c>UseEntityFrameworkOutbox&lt;TDbContext&gt;(context)</c>. Call it before the
    /// consumers and sagas are configured on the endpoint (in a definition's Configure method, as MassTransit does), and
    /// do not open transactions in the consumers: the outbox's transaction is theirs.
    /// </summary>
    public static void UsePlatformEntityFrameworkOutbox<TDbContext>(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
        where TDbContext : DbContext
    {
        var observer = new OutboxConsumePipeSpecificationObserver<TDbContext>(endpoint, context);
        endpoint.ConnectConsumerConfigurationObserver(observer);
        endpoint.ConnectSagaConfigurationObserver(observer);
    }

    /// <summary>
    /// Retries a message whose transaction lost a race (<see cref="ConcurrencyConflicts.IsConflict"/>), from the start: a
    /// new scope, DbContext and transaction, so the saga is read again. Configured on the endpoint, so it wraps the outbox.
    /// Settings come from <see cref="ConcurrencyRetryOptions.Section"/>.
    /// </summary>
    public static void UsePlatformConcurrencyRetry(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        var options = context.GetRequiredService<IOptions<ConcurrencyRetryOptions>>().Value;
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(ConcurrencyConflicts.IsConflict);
            retry.Exponential(options.RetryLimit, options.MinInterval, options.MaxInterval, options.IntervalDelta);
        });
    }
}
