namespace Platform.Api.ReadModel;

/// <summary>One occurrence of a job's trigger (<c>GET /api/jobs/{jobId}/fires</c>).</summary>
/// <param name="ScheduledFor">The occurrence.</param>
/// <param name="FiredAt">When the trigger engine fired it (or recorded it missed).</param>
/// <param name="Kind">OnTime; Misfired (the one catch-up run of misfire policy FireOnce); CaughtUp (one of the runs of
/// CatchUp); Missed (not run: policy Skip, or beyond the CatchUp limit); Coalesced (covered by the FireOnce catch-up).</param>
/// <param name="Version">The job definition version it belonged to.</param>
/// <param name="Instance">The scheduler instance that fired it.</param>
public sealed record FireEntry(DateTimeOffset ScheduledFor, DateTimeOffset FiredAt, string Kind, int Version, string Instance);
