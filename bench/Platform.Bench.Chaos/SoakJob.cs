namespace Platform.Bench.Chaos;

/// <summary>One interval job of the soak: its occurrences are <see cref="FirstAt"/> plus whole multiples of the interval.</summary>
public sealed record SoakJob(Guid JobId, string JobType, DateTimeOffset FirstAt, TimeSpan Every, int Occurrences)
{
    public IEnumerable<DateTimeOffset> ExpectedOccurrences => Enumerable.Range(0, Occurrences).Select(i => FirstAt + (i * Every));

    public DateTimeOffset LastAt => FirstAt + ((Occurrences - 1) * Every);
}
