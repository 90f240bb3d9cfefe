using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Platform.Hosting;

namespace Platform.Worker.Tests.Unit;

/// <summary>The one wake-up signal the trigger engine, the outbox delivery and the heartbeats wait on, on a fake clock.</summary>
[TestFixture]
public sealed class When_a_loop_waits_on_a_wake_signal
{
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Should_remember_a_set_made_while_nobody_waited_once()
    {
        var clock = new FakeTimeProvider();
        var signal = new WakeSignal();
        signal.Set();
        signal.Set();

        var first = await signal.WaitAsync(Poll, clock, CancellationToken.None);
        var second = signal.WaitAsync(Poll, clock, CancellationToken.None);
        Assert.That(second.IsCompleted, Is.False, "the two sets coalesced into the first wake-up");
        clock.Advance(Poll);

        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.True, "woken by the earlier set");
            Assert.That(await second, Is.False, "timed out");
        });
    }

    [Test]
    public async Task Should_wake_a_waiting_loop_before_its_timeout()
    {
        var clock = new FakeTimeProvider();
        var signal = new WakeSignal();
        var waiting = signal.WaitAsync(Poll, clock, CancellationToken.None);
        Assert.That(waiting.IsCompleted, Is.False);

        signal.Set();

        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Is.True, "woken without the clock moving");
    }

    [Test]
    public async Task Should_return_without_a_wake_up_when_the_loop_stops()
    {
        var clock = new FakeTimeProvider();
        var signal = new WakeSignal();
        using var stopping = new CancellationTokenSource();
        var waiting = signal.WaitAsync(Poll, clock, stopping.Token);

        await stopping.CancelAsync();

        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Is.False);
    }

    [Test]
    public async Task Should_run_periodic_work_every_interval_carry_on_after_a_failure_and_stop_quietly()
    {
        var clock = new FakeTimeProvider();
        var runs = 0;
        var failures = new List<Exception>();
        var ran = new SemaphoreSlim(0);
        using var stopping = new CancellationTokenSource();
        var loop = PeriodicWork.RunAsync(TimeSpan.FromMinutes(1), clock, _ =>
        {
            runs++;
            ran.Release();
            return runs == 2 ? Task.FromException(new InvalidOperationException("second run fails")) : Task.CompletedTask;
        }, failures.Add, stopping.Token);

        Assert.That(await ran.WaitAsync(TimeSpan.FromSeconds(10)), Is.True, "the first run, at once");
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await ran.WaitAsync(TimeSpan.FromSeconds(10)), Is.True, "the second run, one interval later");
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await ran.WaitAsync(TimeSpan.FromSeconds(10)), Is.True, "a third run after the failure");
        await stopping.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(loop.IsCompletedSuccessfully, Is.True, "stopped without an exception");
            Assert.That(failures.Select(f => f.Message), Is.EqualTo(new[] { "second run fails" }));
        });
    }
}
