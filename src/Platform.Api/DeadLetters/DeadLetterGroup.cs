namespace Platform.Api.DeadLetters;

/// <summary>Dead-lettered and timed-out runs of one job type with the same error (ids and numbers aside).</summary>
/// <param name="JobType">The job type.</param>
/// <param name="Error">The last attempt's error as the worker reported it, with ids and numbers masked as &lt;id&gt; and &lt;n&gt;.</param>
/// <param name="Count">How many runs.</param>
/// <param name="FirstAt">When the oldest of them ended.</param>
/// <param name="LastAt">When the newest of them ended.</param>
public sealed record DeadLetterGroup(string JobType, string? Error, int Count, DateTimeOffset? FirstAt, DateTimeOffset? LastAt);
