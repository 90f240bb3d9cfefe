using Platform.Hosting;

namespace Platform.EntityFrameworkCore;

/// <summary>Tells this process's delivery service that a transaction committed outbox messages, so it delivers them now
/// instead of at its next poll. Signals coalesce and none is lost: one that arrives during a delivery round causes
/// another round.</summary>
internal sealed class OutboxDeliverySignal : WakeSignal;
