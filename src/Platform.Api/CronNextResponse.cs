namespace Platform.Api;

/// <summary>The answer of <c>GET /api/cron/next</c>.</summary>
/// <param name="Expression">The expression, trimmed.</param>
/// <param name="TimeZone">The IANA time zone it was read in (<c>UTC</c> when none was given).</param>
/// <param name="Occurrences">The next occurrences, oldest first, each in ISO 8601 with the zone's offset at that instant.</param>
public sealed record CronNextResponse(string Expression, string TimeZone, IReadOnlyList<DateTimeOffset> Occurrences)
{
    /// <summary>The expression in words, such as "at 09:30, on Monday through Friday".</summary>
    public string Description { get; init; } = "";
}
