using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults;

/// <summary>Where a host built with <see cref="PlatformBusExtensions.AddPlatformBus"/> finds its broker. Bound from
/// <c>Platform:RabbitMq</c>; the same section's <c>SchedulerQueue</c> is read by
/// <see cref="Platform.Messaging.MessageSchedulerOptions"/>.</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "Platform:RabbitMq";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "platform";

    [Required]
    public string Username { get; set; } = "";

    [Required]
    public string Password { get; set; } = "";

    /// <summary>Messages a consumer may hold unacknowledged; the endpoint's own setting wins where one exists.</summary>
    [Range(1, 65535)]
    public int PrefetchCount { get; set; } = 64;
}

/// <summary>Validates <see cref="RabbitMqOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class RabbitMqOptionsValidator : IValidateOptions<RabbitMqOptions>;
