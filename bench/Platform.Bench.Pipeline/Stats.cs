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

    /// <summary>The median of each tenth of <paramref name="ordered"/>: how lateness develops over a run.</summary>
    public static string Tenths(IEnumerable<double> ordered)
    {
        var values = ordered.ToArray();
        return string.Join(" ", Enumerable.Range(0, 10)
            .Select(i => values[(values.Length * i / 10)..(values.Length * (i + 1) / 10)])
            .Where(tenth => tenth.Length > 0)
            .Select(tenth => tenth.Order().ElementAt(tenth.Length / 2).ToString("F0", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
