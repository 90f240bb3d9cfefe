namespace Platform.Quartz.Tests;

/// <summary>A message scheduled through the bridge in these tests.</summary>
public sealed record Ping(Guid Id, string Note);

/// <summary>Records every Ping with the headers and ids it arrived with.</summary>
public sealed class PingRecorder
{
    readonly List<ReceivedPing> _received = [];
    readonly Lock _lock = new();
    TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(ReceivedPing ping)
    {
        lock (_lock)
        {
            _received.Add(ping);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public IReadOnlyList<ReceivedPing> For(Guid id)
    {
        lock (_lock)
            return _received.Where(p => p.Message.Id == id).ToList();
    }

    public async Task<IReadOnlyList<ReceivedPing>> WaitForAsync(Guid id, int count, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var found = _received.Where(p => p.Message.Id == id).ToList();
                if (found.Count >= count)
                    return found;
                changed = _changed.Task;
            }

            var left = timeout - watch.Elapsed;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
                NUnit.Framework.Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {count} Ping(s) {id}; got {For(id).Count}");
        }
    }
}

public sealed record ReceivedPing(Ping Message, DateTimeOffset ReceivedAt, Guid? MessageId, Guid? CorrelationId, Guid? ConversationId,
    Guid? TokenId, string? CustomHeader, DateTimeOffset? QuartzScheduled);
