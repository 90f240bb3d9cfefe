namespace Platform.EntityFrameworkCore;

/// <summary>What <see cref="OutboxRegistrationExtensions.AddPlatformEntityFrameworkOutbox{TDbContext}"/> sets up beyond the
/// consumer outbox and inbox. Timings and switches are settings (<see cref="PlatformOutboxOptions"/>), not code.</summary>
public sealed class PlatformOutboxConfigurator
{
    internal bool BusOutbox { get; private set; }

    /// <summary>Code that is not a consumer (a hosted service, an API request) publishes and sends through the outbox too:
    /// <see cref="MassTransit.IPublishEndpoint"/>, <see cref="MassTransit.ISendEndpointProvider"/> and the scoped message
    /// scheduler resolved in a scope write outbox rows to the scope's DbContext, delivered once its SaveChanges commits
    /// (MassTransit's <c>UseBusOutbox</c>). The bus itself (<see cref="MassTransit.IBus"/>) still sends at once.</summary>
    public void UseBusOutbox() => BusOutbox = true;
}
