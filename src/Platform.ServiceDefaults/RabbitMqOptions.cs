using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults;

/// <summary>Where a host built with <see cref="PlatformBusExtensions.AddPlatformBus"/> finds its broker. Bound from
/// <c>Platform:RabbitMq</c>; the same section's <c>SchedulerQueue</c> is read by
/// <see cref="Platform.Messaging.MessageSchedulerOptions"/>.</summary>
public sealed class RabbitMqOptions : IValidatableObject
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

    /// <summary>The nodes of a RabbitMQ cluster as <c>host:port</c> (<c>Platform:RabbitMq:Nodes:0</c>, ...): the service
    /// connects to the first that answers and, when its node goes away, reconnects to another. Empty: <see cref="Host"/>
    /// and <see cref="Port"/> only.</summary>
    public List<string> Nodes { get; set; } = [];

    /// <summary>TLS to the broker (<c>Platform:RabbitMq:Tls</c>); off by default. With it on, <see cref="Port"/> is the
    /// broker's TLS listener (5671 by convention).</summary>
    public RabbitMqTlsOptions Tls { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var node in Nodes.Where(n => !IsHostAndPort(n)))
            yield return new ValidationResult($"'{node}' is not host:port", [nameof(Nodes)]);
        if (Tls.CaCertificate is { Length: > 0 } path && !File.Exists(path))
            yield return new ValidationResult($"no file {path} ({Section}:Tls:CaCertificate)", [$"{nameof(Tls)}.{nameof(Tls.CaCertificate)}"]);
    }

    static bool IsHostAndPort(string node) =>
        node.LastIndexOf(':') is var colon and > 0 && Uri.CheckHostName(node[..colon]) != UriHostNameType.Unknown
        && int.TryParse(node[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535;
}

/// <summary>How a service connects to RabbitMQ over TLS: the broker's certificate must be valid for
/// <see cref="ServerName"/> and chain to a CA the machine trusts, or to <see cref="CaCertificate"/>.</summary>
public sealed class RabbitMqTlsOptions
{
    public bool Enabled { get; set; }

    /// <summary>The name the broker's certificate must carry; the host by default.</summary>
    public string? ServerName { get; set; }

    /// <summary>A CA certificate (PEM file) to trust for the broker besides the machine's own trust store: a private CA,
    /// or the local servers' (<c>.data/tls/ca.crt</c>).</summary>
    public string? CaCertificate { get; set; }
}

/// <summary>Validates <see cref="RabbitMqOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class RabbitMqOptionsValidator : IValidateOptions<RabbitMqOptions>;
