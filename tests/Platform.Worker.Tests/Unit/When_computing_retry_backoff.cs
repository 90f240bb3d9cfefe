using NUnit.Framework;
using Platform.Contracts;
using Platform.Worker.Reliability;

namespace Platform.Worker.Tests.Unit;

[TestFixture]
public sealed class When_computing_retry_backoff
{
    static readonly RetryPolicy Policy = new()
    {
        MaxAttempts = 6,
        InitialDelay = TimeSpan.FromSeconds(10),
        Multiplier = 2,
        MaxDelay = TimeSpan.FromSeconds(60),
        Jitter = false,
    };

    [TestCase(1, 10)]
    [TestCase(2, 20)]
    [TestCase(3, 40)]
    [TestCase(4, 60)]
    [TestCase(5, 60)]
    public void Should_grow_exponentially_up_to_the_cap(int failedAttempt, int seconds) =>
        Assert.That(RetryBackoff.Delay(Policy, failedAttempt, random: 0.3), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [TestCase(0.0, 0)]
    [TestCase(0.5, 20)]
    [TestCase(0.999, 39.96)]
    public void Should_draw_full_jitter_between_zero_and_the_computed_delay(double random, double seconds) =>
        Assert.That(RetryBackoff.Delay(Policy with { Jitter = true }, 3, random), Is.EqualTo(TimeSpan.FromSeconds(seconds)).Within(TimeSpan.FromMilliseconds(1)));

    [Test]
    public void Should_keep_every_jittered_delay_within_its_bounds()
    {
        var random = new Random(42);
        var jittered = Policy with { Jitter = true };
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var ceiling = RetryBackoff.Ceiling(jittered, attempt);
            var delays = Enumerable.Range(0, 1000).Select(_ => RetryBackoff.Delay(jittered, attempt, random.NextDouble())).ToList();
            Assert.That(delays, Is.All.InRange(TimeSpan.Zero, ceiling), $"attempt {attempt}");
            Assert.That(delays.Average(d => d.TotalSeconds), Is.EqualTo(ceiling.TotalSeconds / 2).Within(ceiling.TotalSeconds / 10),
                $"attempt {attempt}: uniform, so the mean is half the ceiling");
        }
    }

    [Test]
    public void Should_not_overflow_with_large_attempts_or_multipliers() =>
        Assert.That(RetryBackoff.Delay(Policy with { Multiplier = 1000 }, 500, random: 0.5), Is.EqualTo(Policy.MaxDelay));

    [Test]
    public void Should_keep_a_constant_delay_with_multiplier_one() =>
        Assert.That(Enumerable.Range(1, 4).Select(n => RetryBackoff.Delay(Policy with { Multiplier = 1 }, n, 0)),
            Is.All.EqualTo(TimeSpan.FromSeconds(10)));

    [TestCase(1, true)]
    [TestCase(5, true)]
    [TestCase(6, false)]
    public void Should_retry_until_the_last_attempt(int failedAttempt, bool retry) =>
        Assert.That(RetryBackoff.ShouldRetry(Policy, failedAttempt), Is.EqualTo(retry));
}
