using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Platform.Worker.Reliability;

namespace Platform.Worker.Tests.Unit;

[TestFixture]
public sealed class When_a_circuit_breaker_counts_failures
{
    static readonly CircuitBreakerOptions Options = new()
    {
        FailureThreshold = 3,
        Window = TimeSpan.FromSeconds(60),
        CoolDown = TimeSpan.FromSeconds(30),
        HalfOpenProbes = 1,
    };

    FakeTimeProvider _clock = null!;
    CircuitBreaker _breaker = null!;
    List<(CircuitState From, CircuitState To)> _transitions = null!;

    [SetUp]
    public void Create()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _breaker = new CircuitBreaker("billing.invoice", Options, _clock);
        _transitions = [];
        _breaker.StateChanged += (_, from, to) => _transitions.Add((from, to));
    }

    void Fail(int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.That(_breaker.TryEnter().Allowed, Is.True);
            _breaker.OnFailure(probe: false);
        }
    }

    [Test]
    public void Should_open_after_the_threshold_within_the_window()
    {
        Fail(2);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Closed));
        Fail(1);
        Assert.Multiple(() =>
        {
            Assert.That(_breaker.State, Is.EqualTo(CircuitState.Open));
            Assert.That(_transitions, Is.EqualTo(new[] { (CircuitState.Closed, CircuitState.Open) }));
        });
    }

    [Test]
    public void Should_forget_failures_older_than_the_window()
    {
        Fail(2);
        _clock.Advance(TimeSpan.FromSeconds(61));
        Fail(2);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Closed), "only two failures are within the last minute");
        Assert.That(_breaker.Snapshot().FailuresInWindow, Is.EqualTo(2));
    }

    [Test]
    public void Should_hold_runs_back_until_the_cool_down_ends()
    {
        Fail(3);
        var opened = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromSeconds(29));
        var decision = _breaker.TryEnter();
        Assert.Multiple(() =>
        {
            Assert.That(decision.Allowed, Is.False);
            Assert.That(decision.HoldUntil, Is.EqualTo(opened + Options.CoolDown));
            Assert.That(_breaker.Snapshot().OpenUntil, Is.EqualTo(opened + Options.CoolDown));
        });
    }

    [Test]
    public void Should_let_one_probe_through_when_half_open_and_close_on_its_success()
    {
        Fail(3);
        _clock.Advance(Options.CoolDown);
        var probe = _breaker.TryEnter();
        var other = _breaker.TryEnter();
        Assert.Multiple(() =>
        {
            Assert.That(probe, Is.EqualTo(CircuitDecision.GoAsProbe));
            Assert.That(_breaker.State, Is.EqualTo(CircuitState.HalfOpen));
            Assert.That(other.Allowed, Is.False, "a second run waits while the probe runs");
            Assert.That(other.HoldUntil, Is.EqualTo(_clock.GetUtcNow() + Options.CoolDown));
        });

        _breaker.OnSuccess(probe: true);
        Assert.Multiple(() =>
        {
            Assert.That(_breaker.State, Is.EqualTo(CircuitState.Closed));
            Assert.That(_breaker.TryEnter(), Is.EqualTo(CircuitDecision.Go));
            Assert.That(_transitions.Select(t => t.To), Is.EqualTo(new[] { CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed }));
        });
    }

    [Test]
    public void Should_open_again_when_the_probe_fails()
    {
        Fail(3);
        _clock.Advance(Options.CoolDown);
        Assert.That(_breaker.TryEnter().Probe, Is.True);
        _breaker.OnFailure(probe: true);
        Assert.Multiple(() =>
        {
            Assert.That(_breaker.State, Is.EqualTo(CircuitState.Open));
            Assert.That(_breaker.TryEnter().HoldUntil, Is.EqualTo(_clock.GetUtcNow() + Options.CoolDown), "a fresh cool-down");
        });
    }

    [Test]
    public void Should_give_an_abandoned_probe_permit_back()
    {
        Fail(3);
        _clock.Advance(Options.CoolDown);
        Assert.That(_breaker.TryEnter().Probe, Is.True);
        _breaker.OnAbandoned(probe: true);
        Assert.That(_breaker.TryEnter().Probe, Is.True, "the next run may probe");
    }

    [Test]
    public void Should_not_count_late_failures_of_runs_that_started_before_it_opened()
    {
        Fail(3);
        _breaker.OnFailure(probe: false);
        _clock.Advance(Options.CoolDown);
        Assert.That(_breaker.TryEnter().Probe, Is.True, "still half-open after the cool-down");
    }
}
