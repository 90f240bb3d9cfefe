namespace Platform.Api.ReadModel;

/// <summary>Which jobs to list, newest first by creation time.</summary>
/// <param name="States">Any of these states; all when empty.</param>
/// <param name="JobType">Exactly this job type, when given.</param>
/// <param name="Owner">Exactly this owner, when given.</param>
/// <param name="Limit">Page size.</param>
/// <param name="After">Continue after this item (key: the job id; with a <paramref name="Sort"/> other than the default, the
/// position of the next item).</param>
/// <param name="Tags">Every one of these tags (key and value), when given.</param>
/// <param name="Text">Jobs whose id, type or owner contains this text, in any letter case, when given.</param>
/// <param name="Sort">The order (<see cref="JobSort"/>).</param>
public sealed record JobQuery(IReadOnlyList<string> States, string? JobType, string? Owner, int Limit, Continuation? After,
    IReadOnlyDictionary<string, string>? Tags = null, string? Text = null, JobSort? Sort = null);
