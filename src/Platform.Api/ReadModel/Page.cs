namespace Platform.Api.ReadModel;

/// <summary>One page of a listing, newest first.</summary>
/// <param name="Items">Up to <c>limit</c> items.</param>
/// <param name="Continuation">Pass as <c>continuation</c> (with the same filters) for the next page; null on the last page.</param>
/// <param name="Next">The relative URL of the next page (the same filters and the continuation); null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Continuation, string? Next = null)
{
    /// <summary>How many items match the filters in all, where counting them is cheap (jobs, up to
    /// <see cref="SchedulerHistory.TotalCap"/> matches); null otherwise.</summary>
    public int? Total { get; init; }
}
