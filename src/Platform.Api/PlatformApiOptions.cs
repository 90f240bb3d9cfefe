using System.ComponentModel.DataAnnotations;

namespace Platform.Api;

/// <summary>The API's settings. Bound from <c>Platform:Api</c>; the bus is <c>Platform:RabbitMq</c>.</summary>
public sealed class PlatformApiOptions
{
    public const string Section = "Platform:Api";

    /// <summary>The scheduler's PostgreSQL database (schema <c>scheduler</c>), read only: every transaction of the API is
    /// opened read-only, whatever the role may do.</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>How long one query may run before the request fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
