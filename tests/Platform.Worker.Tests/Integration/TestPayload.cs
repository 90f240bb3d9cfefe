namespace Platform.Worker.Tests.Integration;

/// <summary>What <see cref="TestJobHandler"/> does for one run: wait for a gate the test opens, report progress, work for
/// a while, fail the first attempts. Everything honours the run's token.</summary>
public sealed record TestPayload
{
    public string? Gate { get; init; }

    public int ProgressReports { get; init; }

    public int Ms { get; init; }

    public int FailTimes { get; init; }
}
