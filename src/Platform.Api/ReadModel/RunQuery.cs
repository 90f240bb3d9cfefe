namespace Platform.Api.ReadModel;

/// <summary>Which runs to list, newest first by scheduled time.</summary>
/// <param name="JobId">Runs of this job only, when given.</param>
/// <param name="States">Any of these states; all when empty.</param>
/// <param name="From">Scheduled at or after this instant.</param>
/// <param name="To">Scheduled before this instant.</param>
/// <param name="Limit">Page size.</param>
/// <param name="After">Continue after this item (key: the run id).</param>
/// <param name="JobType">Runs of this job type only, when given.</param>
/// <param name="Cause">Runs with exactly this cause (such as <c>backfill</c>), when given.</param>
public sealed record RunQuery(Guid? JobId, IReadOnlyList<string> States, DateTimeOffset? From, DateTimeOffset? To, int Limit, Continuation? After,
    string? JobType = null, string? Cause = null);
