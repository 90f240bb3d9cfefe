namespace Platform.Api.Stats;

/// <summary>Where the API reads queue depths: RabbitMQ's management HTTP API. Bound from <c>Platform:Api:Management</c>;
/// without a <see cref="Url"/> the overview shows no queue depths. The user needs the management or monitoring tag.</summary>
public sealed class RabbitManagementOptions
{
    public const string Section = "Platform:Api:Management";

    /// <summary>The management API's base address, such as <c>http://127.0.0.1:15672</c>.</summary>
    public Uri? Url { get; set; }

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>The virtual host whose queues are shown; the bus's (<c>Platform:RabbitMq:VirtualHost</c>) when unset.</summary>
    public string? VirtualHost { get; set; }

    /// <summary>How long one request to the management API may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
