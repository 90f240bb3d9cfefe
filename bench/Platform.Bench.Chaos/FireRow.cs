namespace Platform.Bench.Chaos;

/// <summary>A row of <c>scheduler.fires</c>.</summary>
public sealed record FireRow(Guid JobId, DateTimeOffset ScheduledFor, DateTimeOffset FiredAt, string Kind, string Instance)
{
    /// <summary>Missed and Coalesced occurrences have no run of their own.</summary>
    public bool HasRun => Kind is not ("Missed" or "Coalesced");
}
