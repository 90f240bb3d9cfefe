namespace Platform.Api.Stats;

/// <summary>One bucket of a time series of delays, in milliseconds.</summary>
public sealed class SeriesPoint
{
    /// <summary>The start of the bucket.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>How many delays fell in it.</summary>
    public int Count { get; init; }

    public double P50 { get; init; }

    public double P95 { get; init; }

    public double Max { get; init; }
}
