namespace Platform.Bench.Firing;

/// <summary>Fire lateness samples of one run and their summary.</summary>
public sealed class Lateness(string store, int rate, int expected)
{
    readonly List<double> _ms = new(expected);
    readonly Lock _lock = new();
    readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Store { get; } = store;

    public int Rate { get; } = rate;

    public int Expected { get; } = expected;

    public void Add(double ms)
    {
        lock (_lock)
        {
            _ms.Add(ms);
            if (_ms.Count >= Expected)
                _done.TrySetResult();
        }
    }

    readonly List<double> _wake = [];
    readonly List<double> _commit = [];

    /// <summary>For the engine: how late the timer woke (due to start of the fire transaction) and how long the
    /// transaction took to commit.</summary>
    public void AddPhases(double wakeMs, double commitMs)
    {
        lock (_lock)
        {
            _wake.Add(wakeMs);
            _commit.Add(commitMs);
        }
    }

    public string Phases()
    {
        lock (_lock)
        {
            if (_wake.Count == 0)
                return "";
            static string Summary(List<double> values)
            {
                var sorted = values.Order().ToArray();
                return $"p50 {sorted[sorted.Length / 2]:F1} / p99 {sorted[Math.Min(sorted.Length - 1, (int)(0.99 * sorted.Length))]:F1} / max {sorted[^1]:F1}";
            }

            return $"{Store} at {Rate}/s: wake {Summary(_wake)} ms; transaction {Summary(_commit)} ms";
        }
    }

    public async Task<bool> WaitAsync(TimeSpan timeout) => await Task.WhenAny(_done.Task, Task.Delay(timeout)) == _done.Task;

    public string Row()
    {
        double[] sorted;
        lock (_lock)
            sorted = [.. _ms.Order()];
        if (sorted.Length == 0)
            return $"| {Store} | {Rate} | 0/{Expected} | - | - | - |";
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return $"| {Store} | {Rate} | {sorted.Length}/{Expected} | {P(0.5):F1} | {P(0.99):F1} | {sorted[^1]:F1} |";
    }
}
