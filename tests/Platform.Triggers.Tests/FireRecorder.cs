using System.Collections.Concurrent;
using NUnit.Framework;

namespace Platform.Triggers.Tests;

/// <summary>Collects committed fires of every engine in a test, so tests await them instead of sleeping.</summary>
public sealed class FireRecorder : ITriggerFireObserver
{
    readonly ConcurrentQueue<(TriggerFire Fire, DateTimeOffset CommittedAt, string Engine)> _fires = new();
    readonly string _engine;
    readonly FireRecorder? _shared;

    public FireRecorder()
    {
        _engine = "";
    }

    FireRecorder(FireRecorder shared, string engine)
    {
        _shared = shared;
        _engine = engine;
    }

    /// <summary>An observer for one engine that records into this recorder under the engine's name.</summary>
    public FireRecorder For(string engine) => new(this, engine);

    public IReadOnlyList<(TriggerFire Fire, DateTimeOffset CommittedAt, string Engine)> Fires => (_shared ?? this)._fires.ToList();

    public void Committed(IReadOnlyList<TriggerFire> fires, DateTimeOffset committedAt)
    {
        var target = _shared ?? this;
        foreach (var fire in fires)
            target._fires.Enqueue((fire, committedAt, _engine));
        Interlocked.Exchange(ref target._changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task WaitForAsync(Func<IReadOnlyList<(TriggerFire Fire, DateTimeOffset CommittedAt, string Engine)>, bool> condition, TimeSpan timeout,
        string what)
    {
        var target = _shared ?? this;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var changed = Volatile.Read(ref target._changed).Task;
            if (condition(Fires))
                return;
            var left = timeout - watch.Elapsed;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
                Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}; fires so far: {Fires.Count}");
        }
    }
}
