using System.Globalization;

namespace Platform.Bench.Chaos;

public static class Percentiles
{
    /// <summary>"p50 / p99 / max (n)" in milliseconds, or "-" when there is nothing.</summary>
    public static string Summary(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
            return "-";
        double P(double q) => sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1))];
        return string.Create(CultureInfo.InvariantCulture, $"{P(0.5):F0} / {P(0.99):F0} / {sorted[^1]:F0} (n = {sorted.Length})");
    }
}
