namespace Platform.Api.ReadModel;

/// <summary>Which jobs to list, newest first by creation time.</summary>
/// <param name="States">Any of these states; all when empty.</param>
/// <param name="JobType">Exactly this job type, when given.</param>
/// <param name="Owner">Exactly this owner, when given.</param>
/// <param name="Limit">Page size.</param>
/// <param name="After">Continue after this item (key: the job id).</param>
public sealed record JobQuery(IReadOnlyList<string> States, string? JobType, string? Owner, int Limit, Continuation? After);
