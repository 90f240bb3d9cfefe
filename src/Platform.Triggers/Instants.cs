namespace Platform.Triggers;

/// <summary>Instants as PostgreSQL stores them (UTC, whole microseconds), so values read back compare equal.</summary>
public static class Instants
{
    public static DateTimeOffset ToStored(this DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }
}
