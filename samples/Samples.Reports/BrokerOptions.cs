using System.ComponentModel.DataAnnotations;

namespace Samples.Reports;

/// <summary>The service's own broker settings (section <c>Broker</c>): it must be the platform's virtual host.</summary>
public sealed class BrokerOptions
{
    public const string Section = "Broker";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public ushort Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "platform";

    [Required]
    public string Username { get; set; } = "";

    [Required]
    public string Password { get; set; } = "";
}
