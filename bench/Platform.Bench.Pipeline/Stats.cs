using System.Globalization;

namespace Platform.Bench.Pipeline;

public static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double quantile)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static string Summary(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Percentile(values, 0.5):F1} / {Percentile(values, 0.99):F1} / {values.Max():F1}");

    /// <summary>The median of each tenth of <paramref name="ordered"/>: how lateness develops over a run.</summary>
    public static string Tenths(IReadOnlyList<double> ordered) =>
        string.Join(" ", Enumerable.Range(0, 10)
            .Select(i => ordered.Skip(ordered.Count * i / 10).Take((ordered.Count * (i + 1) / 10) - (ordered.Count * i / 10)).ToArray())
            .Where(tenth => tenth.Length > 0)
            .Select(tenth => Percentile(tenth, 0.5).ToString("F0", CultureInfo.InvariantCulture)));
}
