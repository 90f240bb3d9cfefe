namespace Platform.Bench.Pipeline;

public static class Stats
{
    public static string Summary(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return "-";
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return $"{P(0.5):F1} / {P(0.99):F1} / {sorted[^1]:F1}";
    }
}
