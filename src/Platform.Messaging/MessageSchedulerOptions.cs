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

    /// <summary>The scheduler's address for <c>UseMessageScheduler</c> and <c>AddMessageScheduler</c>.</summary>
    public Uri Address => new($"queue:{SchedulerQueue}");
}

/// <summary>Validates <see cref="MessageSchedulerOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
public sealed partial class MessageSchedulerOptionsValidator : IValidateOptions<MessageSchedulerOptions>;
