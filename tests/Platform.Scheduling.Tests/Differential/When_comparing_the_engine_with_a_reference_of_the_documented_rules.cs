using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using NUnit.Framework;

namespace Platform.Scheduling.Tests.Differential;

/// <summary>
/// The engine against <see cref="ReferenceCron"/>, a brute-force reading of the documented rules, over random expressions
/// and start instants near every clock change of 2020-2030 in 20 zones (<see cref="CronCaseGenerator"/>). CI runs a fixed
/// seed; a longer run with another seed:
/// <c>CRON_REFERENCE_SEED=7 CRON_REFERENCE_CASES=200000 dotnet test tests/Platform.Scheduling.Tests -c Release --filter
/// FullyQualifiedName~When_comparing_the_engine_with_a_reference --logger "console;verbosity=detailed"</c>.
/// </summary>
[TestFixture]
public sealed class When_comparing_the_engine_with_a_reference_of_the_documented_rules
{
    const int CiSeed = 14;
    const int CiCases = 10_000;

    /// <summary>The differences printed in full; the rest are counted.</summary>
    const int PrintedDifferences = 20;

    [Test]
    public void Should_give_the_references_occurrences_near_every_clock_change_2020_2030_in_20_zones()
    {
        var seed = Setting("CRON_REFERENCE_SEED", CiSeed);
        var cases = Setting("CRON_REFERENCE_CASES", CiCases);
        var generator = new CronCaseGenerator(seed);
        var differences = new ConcurrentBag<(int Number, string Text)>();
        int rejected = 0, withOccurrences = 0, nearTheChange = 0, occurrences = 0;
        var clock = Stopwatch.StartNew();

        Parallel.For(0, cases, number =>
        {
            var @case = generator.Case(number);
            var outcome = Compare(@case);
            if (outcome.Difference is not null)
                differences.Add((number, outcome.Difference));
            if (outcome.Rejected)
                Interlocked.Increment(ref rejected);
            if (outcome.Occurrences.Count > 0)
                Interlocked.Increment(ref withOccurrences);
            if (outcome.Occurrences.Exists(o => (o - @case.Anchor).Duration() <= TimeSpan.FromHours(3)))
                Interlocked.Increment(ref nearTheChange);
            Interlocked.Add(ref occurrences, outcome.Occurrences.Count);
        });

        var zones = generator.Switches.Select(s => s.Zone.Id).Distinct().Count();
        TestContext.Out.WriteLine(
            $"seed {seed}: {cases:N0} cases over {generator.Switches.Count} clock changes in {zones} zones in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"{withOccurrences:N0} with occurrences ({occurrences:N0} compared), {nearTheChange:N0} with one within 3 h of the clock change or day they were written around, " +
            $"{rejected:N0} rejected as never running by both; {differences.Count} differences");

        var report = string.Join(Environment.NewLine + Environment.NewLine,
            differences.OrderBy(d => d.Number).Take(PrintedDifferences).Select(d => d.Text));
        Assert.Multiple(() =>
        {
            Assert.That(zones, Is.EqualTo(CronCaseGenerator.ZoneIds.Length));
            Assert.That(cases, Is.GreaterThanOrEqualTo(generator.Switches.Count), "too few cases to start near every clock change");
            Assert.That(withOccurrences, Is.GreaterThan(cases / 2), "the generator mostly writes expressions that run in the window");
            Assert.That(nearTheChange, Is.GreaterThan(cases / 4), "the generator mostly writes expressions that run near the change");
            Assert.That(differences, Is.Empty,
                $"seed {seed}: {differences.Count} of {cases:N0} cases differ (first {PrintedDifferences} below){Environment.NewLine}{report}");
        });
    }

    sealed record Outcome(List<DateTimeOffset> Occurrences, bool Rejected, string? Difference);

    static Outcome Compare(CronCase @case)
    {
        try
        {
            var reference = ReferenceCron.Read(@case.Expression);
            if (!CronSchedule.TryParse(@case.Expression, @case.Zone.Id, out var schedule, out var error))
            {
                return reference.EverRuns()
                    ? new Outcome([], false, Describe(@case, "runs", $"rejected: {error}"))
                    : new Outcome([], true, null);
            }

            var expected = reference.Occurrences(@case.Zone, @case.After.UtcTicks, @case.Until.UtcTicks, CronCaseGenerator.MaxOccurrences)
                .Select(ticks => new DateTimeOffset(ticks, TimeSpan.Zero)).ToList();
            var actual = new List<DateTimeOffset>();
            var after = @case.After;
            while (actual.Count < CronCaseGenerator.MaxOccurrences && schedule.GetNextOccurrence(after) is { } next && next <= @case.Until)
            {
                actual.Add(next);
                after = next;
            }

            return expected.SequenceEqual(actual)
                ? new Outcome(expected, false, null)
                : new Outcome(expected, false, Describe(@case, Times(expected, @case.Zone), Times(actual, @case.Zone)));
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException)
        {
            return new Outcome([], false, Describe(@case, "?", $"the comparison threw {exception}"));
        }
    }

    static string Describe(CronCase @case, string reference, string engine) =>
        $"case {@case.Number}: '{@case.Expression}' in {@case.Zone.Id} after {Time(@case.After, @case.Zone)} " +
        $"(written around {Time(@case.Anchor, @case.Zone)}), up to {@case.Until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}" +
        $"{Environment.NewLine}  reference: {reference}{Environment.NewLine}  engine:    {engine}";

    static string Times(List<DateTimeOffset> instants, TimeZoneInfo zone) =>
        instants.Count == 0 ? "none" : string.Join(", ", instants.Select(i => Time(i, zone)));

    /// <summary>Local time with the zone's offset, and the instant in UTC, to the tick when it has a fraction.</summary>
    static string Time(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture) +
        " (" + instant.UtcDateTime.ToString("HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture) + ")";

    static int Setting(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive whole number, not '{text}'");
    }
}
