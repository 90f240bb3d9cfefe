using NUnit.Framework;
using Platform.Worker.Reliability;

namespace Platform.Worker.Tests.Unit;

[TestFixture]
public sealed class When_runs_wait_for_slots
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Test]
    public async Task Should_give_a_freed_slot_to_the_highest_priority_waiter_first()
    {
        var slots = new RunSlots(1, new Dictionary<string, int>());
        var held = await slots.AcquireAsync("a", 1, CancellationToken.None);
        var low = slots.AcquireAsync("a", 1, CancellationToken.None).AsTask();
        var normal = slots.AcquireAsync("a", 5, CancellationToken.None).AsTask();
        var high = slots.AcquireAsync("a", 9, CancellationToken.None).AsTask();
        var order = new List<string>();

        held.Dispose();
        (await high.WaitAsync(Wait)).Dispose();
        order.Add("high");
        (await normal.WaitAsync(Wait)).Dispose();
        order.Add("normal");
        (await low.WaitAsync(Wait)).Dispose();
        order.Add("low");

        Assert.Multiple(() =>
        {
            Assert.That(order, Is.EqualTo(new[] { "high", "normal", "low" }));
            Assert.That(slots.InUse, Is.Zero);
        });
    }

    [Test]
    public async Task Should_keep_a_job_type_to_its_limit_without_blocking_other_types()
    {
        var slots = new RunSlots(3, new Dictionary<string, int> { ["limited"] = 1 });
        var first = await slots.AcquireAsync("limited", 5, CancellationToken.None);
        var second = slots.AcquireAsync("limited", 9, CancellationToken.None).AsTask();
        var other = slots.AcquireAsync("other", 1, CancellationToken.None).AsTask();

        await other.WaitAsync(Wait);
        Assert.Multiple(() =>
        {
            Assert.That(second.IsCompleted, Is.False, "the limited type waits at its limit");
            Assert.That(slots.InUse, Is.EqualTo(2));
        });

        first.Dispose();
        (await second.WaitAsync(Wait)).Dispose();
        (await other).Dispose();
        Assert.That(slots.InUse, Is.Zero);
    }

    [Test]
    public async Task Should_forget_a_waiter_whose_wait_is_cancelled()
    {
        var slots = new RunSlots(1, new Dictionary<string, int>());
        var held = await slots.AcquireAsync("a", 1, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = slots.AcquireAsync("a", 9, cancel.Token).AsTask();

        await cancel.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(slots.Waiting, Is.Zero);
        held.Dispose();
        Assert.That(slots.InUse, Is.Zero, "the freed slot went to nobody");
    }
}
