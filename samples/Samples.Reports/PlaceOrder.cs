namespace Samples.Reports;

/// <summary>The body of <c>POST /orders</c>.</summary>
public sealed record PlaceOrder(string Region, decimal Amount);
