using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Platform.Triggers;

/// <summary>An occurrence the engine fired (or recorded as missed), handed to the application inside the fire
/// transaction.</summary>
/// <param name="JobId">The job whose trigger fired.</param>
/// <param name="Version">The definition version the trigger belongs to.</param>
/// <param name="ScheduledFor">The occurrence.</param>
/// <param name="Kind">On time, misfired, caught up, missed or coalesced.</param>
/// <param name="FiredAt">When the engine fired it.</param>
/// <param name="IsLast">The trigger has no occurrence after this one.</param>
/// <param name="FiredRuns">Runs this trigger version has fired, this fire included: with <paramref name="IsLast"/>, how many
/// occurrences the application will have received in all.</param>
/// <param name="Scheduling">The W3C trace context of the definition that scheduled the trigger (<c>default</c> when none
/// was stored): the occurrence's work links to it.</param>
/// <param name="Once">The trigger has a single occurrence (kind Once): its work continues the scheduling trace rather than
/// linking to it.</param>
public sealed record TriggerFire(Guid JobId, int Version, DateTimeOffset ScheduledFor, FireKind Kind, DateTimeOffset FiredAt, bool IsLast,
    int FiredRuns, ActivityContext Scheduling, bool Once)
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
