using System.Collections.Concurrent;

namespace Samples.Reports;

/// <summary>The service's state, in memory for the sample.</summary>
public sealed class OrderBook
{
    readonly ConcurrentQueue<OrderPlaced> _orders = new();
    readonly ConcurrentQueue<Report> _reports = new();

    public IReadOnlyList<OrderPlaced> Orders => _orders.ToList();

    public IReadOnlyList<Report> Reports => _reports.ToList();

    public void Add(OrderPlaced order) => _orders.Enqueue(order);

    public void Add(Report report) => _reports.Enqueue(report);
}
