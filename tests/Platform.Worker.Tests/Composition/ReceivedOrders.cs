using System.Collections.Concurrent;

namespace Platform.Worker.Tests.Composition;

/// <summary>The orders the service's own consumer received, awaitable.</summary>
public sealed class ReceivedOrders
{
    readonly ConcurrentDictionary<Guid, TaskCompletionSource> _orders = new();

    public void Add(Guid orderId) => Order(orderId).TrySetResult();

    /// <summary>Completes when the order arrives; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitAsync(Guid orderId, TimeSpan timeout)
    {
        var order = Order(orderId).Task;
        return await Task.WhenAny(order, Task.Delay(timeout)) == order;
    }

    TaskCompletionSource Order(Guid orderId) => _orders.GetOrAdd(orderId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
