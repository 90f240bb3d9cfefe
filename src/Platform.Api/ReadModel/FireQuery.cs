namespace Platform.Api.ReadModel;

/// <summary>Which fires of one job to list, newest occurrence first.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Kinds">Any of these kinds; all when empty.</param>
/// <param name="From">Occurrences at or after this instant.</param>
/// <param name="To">Occurrences before this instant.</param>
/// <param name="Limit">Page size.</param>
/// <param name="After">Continue after this occurrence.</param>
public sealed record FireQuery(Guid JobId, IReadOnlyList<string> Kinds, DateTimeOffset? From, DateTimeOffset? To, int Limit, Continuation? After);
