using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Messaging;

/// <summary>
/// Where the platform's message scheduler listens: the Quartz bridge that the scheduler service runs and that serves
/// MassTransit's scheduling contracts (worker retries, held-back runs, SLA timers). Bound from <c>Platform:RabbitMq</c>
/// (key <c>SchedulerQueue</c>), beside the broker settings of the platform's own hosts.
/// </summary>
public sealed class MessageSchedulerOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string Section = "Platform:RabbitMq";

    /// <summary>The queue of the platform's message scheduler unless configured otherwise.</summary>
    public const string DefaultQueue = "platform-quartz";

    /// <summary>The queue of the Quartz bridge that serves MassTransit's message scheduler contracts.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]+$")]
    public string SchedulerQueue { get; set; } = DefaultQueue;

    /// <summary>The scheduler service's queues are quorum queues, replicated over a RabbitMQ cluster's nodes
    /// (<c>Platform:RabbitMq:QuorumQueues</c>; set it for every service on such a cluster). The scheduler declares its
    /// queues so, and the other services send to the message scheduler through the exchange in front of its queue instead
    /// of declaring the queue (the broker refuses a declaration without the quorum type). Off: classic queues, and a sender
    /// declares the message scheduler's queue, so a message scheduled before the scheduler service first started waits in
    /// it.</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>The scheduler's address for <c>UseMessageScheduler</c> and <c>AddMessageScheduler</c>: its queue, or with
    /// <see cref="QuorumQueues"/> the exchange the scheduler service binds that queue to when it starts.</summary>
    public Uri Address => new(QuorumQueues ? $"exchange:{SchedulerQueue}" : $"queue:{SchedulerQueue}");
}

/// <summary>Validates <see cref="MessageSchedulerOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
public sealed partial class MessageSchedulerOptionsValidator : IValidateOptions<MessageSchedulerOptions>;
