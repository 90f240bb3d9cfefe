using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.EntityFrameworkCore;

/// <summary>The transactional outbox's delivery and the inbox's cleanup. Bound from <c>Platform:Outbox</c>.</summary>
public sealed class PlatformOutboxOptions
{
    public const string Section = "Platform:Outbox";

    /// <summary>Run the delivery service in this process. Off for an instance that must only write outboxes (another
    /// instance delivers them) or in a test that needs messages to stay in the outbox.</summary>
    public bool DeliveryServiceEnabled { get; set; } = true;

    /// <summary>How long the delivery service waits between two looks at the outbox tables when nothing told it that a
    /// transaction of this process committed messages. Messages committed here are delivered at once; the poll is the safety
    /// net for outboxes another (crashed or delivery-less) instance committed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan QueryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Outboxes locked and delivered per transaction of the delivery service.</summary>
    [Range(1, 10_000)]
    public int QueryMessageLimit { get; set; } = 250;

    /// <summary>Outboxes a delivery round sends side by side (each outbox's messages stay in order).</summary>
    [Range(1, 256)]
    public int DeliveryConcurrency { get; set; } = 64;

    /// <summary>How long one message may take to reach the broker before the delivery round gives up (and tries again).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MessageDeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Run the inbox cleanup service in this process.</summary>
    public bool InboxCleanupEnabled { get; set; } = true;

    /// <summary>How long a consumed message id is remembered. A duplicate that arrives later than this after the first copy
    /// was consumed is consumed again. Duplicates come from a redelivery after a lost acknowledgement or an outbox
    /// delivery interrupted between sending and recording it, within seconds to minutes; 30 minutes also covers a queue
    /// backed up that long. Raise it for queues that may hold messages longer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the cleanup service removes inbox rows older than <see cref="DuplicateDetectionWindow"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan InboxCleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Inbox rows deleted per statement, so a large backlog never holds one long lock.</summary>
    [Range(1, 100_000)]
    public int InboxCleanupBatchSize { get; set; } = 1000;
}

/// <summary>Validates <see cref="PlatformOutboxOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class PlatformOutboxOptionsValidator : IValidateOptions<PlatformOutboxOptions>;
