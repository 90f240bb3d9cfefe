namespace Platform.Scheduler;

/// <summary>Instants as PostgreSQL stores them: UTC, whole microseconds. Every instant that is stored and later compared
/// with one carried in a message goes through here first, so both sides agree.</summary>
public static class Instants
{
    public static DateTimeOffset ToStored(this DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }
}
