using System.Diagnostics;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>The ActivitySource of the transaction batches: a span per transaction, linked to the deliveries it consumed
/// (each message itself is consumed in its own delivery's span), and a span per state machine event applied.</summary>
public static class TransactionBatchTelemetry
{
    /// <summary>The name to listen to (OpenTelemetry's <c>AddSource</c>).</summary>
    public const string SourceName = "Platform.EntityFrameworkCore";

    /// <summary>A state machine instance's state before the event its span applied.</summary>
    public const string StateFrom = "platform.state.from";

    /// <summary>A state machine instance's state after the event its span applied.</summary>
    public const string StateTo = "platform.state.to";

    internal static readonly ActivitySource Source = new(SourceName);
}

/// <summary>
/// How a batched state machine's instances show in telemetry: each event applied to an instance is a span named
/// <c>{machine} {event}</c> on <see cref="TransactionBatchTelemetry.SourceName"/>, tagged with <see cref="Tags"/> and the
/// state before and after; log lines written while the event is applied carry <see cref="Tags"/> as scope properties.
/// </summary>
/// <param name="State">The instance's current state.</param>
/// <param name="Tags">The instance's identifying attributes (ids, type), read when a span is tagged or a line is written.</param>
public sealed record SagaTelemetry<TSaga>(Func<TSaga, string?> State, Func<TSaga, TagList> Tags)
    where TSaga : class;
