namespace Platform.Worker.Tests.Integration;

/// <summary>What <see cref="TestJobHandler"/> does for one run: wait for a gate the test opens, report progress, work for
/// a while, fail the first attempts. Everything honours the run's token, except the work of a handler told to ignore it.</summary>
public sealed record TestPayload
{
    public string? Gate { get; init; }

    public int ProgressReports { get; init; }

    public int Ms { get; init; }

    public int FailTimes { get; init; }

    /// <summary>The <see cref="Ms"/> of work goes on when the run's token is cancelled (a handler that ignores it).</summary>
    public bool IgnoreCancellation { get; init; }
}
