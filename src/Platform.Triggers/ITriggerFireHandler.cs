using Microsoft.EntityFrameworkCore;

namespace Platform.Triggers;

/// <summary>An occurrence the engine fired (or recorded as missed), handed to the application inside the fire
/// transaction.</summary>
public sealed record TriggerFire(Guid JobId, int Version, DateTimeOffset ScheduledFor, FireKind Kind, DateTimeOffset FiredAt, bool IsLast)
{
    public bool Runs => Kind is FireKind.OnTime or FireKind.Misfired or FireKind.CaughtUp;
}

/// <summary>
/// What the application does when occurrences fire. Called inside the engine's transaction on <typeparamref name="TDbContext"/>:
/// whatever it adds to the context (runs, outbox messages) commits together with the trigger's advance and the fire log,
/// or not at all. It must not commit or start transactions itself.
/// </summary>
public interface ITriggerFireHandler<in TDbContext>
    where TDbContext : DbContext
{
    Task HandleAsync(TDbContext db, IReadOnlyList<TriggerFire> fires, CancellationToken cancellationToken);
}
