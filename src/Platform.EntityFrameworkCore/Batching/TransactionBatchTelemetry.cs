using System.Diagnostics;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>The ActivitySource of the transaction batches: a span per transaction, linked to the deliveries it consumed
/// (each message itself is consumed in its own delivery's span).</summary>
public static class TransactionBatchTelemetry
{
    /// <summary>The name to listen to (OpenTelemetry's <c>AddSource</c>).</summary>
    public const string SourceName = "Platform.EntityFrameworkCore";

    internal static readonly ActivitySource Source = new(SourceName);
}
