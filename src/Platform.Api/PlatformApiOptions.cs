using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Platform.Api.Authentication;
using Platform.Scheduling.Validation;

namespace Platform.Api;

/// <summary>The API's settings. Bound from <c>Platform:Api</c>; the bus is <c>Platform:RabbitMq</c>.</summary>
public sealed class PlatformApiOptions : IValidatableObject
{
    public const string Section = "Platform:Api";

    /// <summary>The scheduler's PostgreSQL database (schema <c>scheduler</c>), read only: every transaction of the API is
    /// opened read-only, whatever the role may do.</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>How long one query may run before the request fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The API keys it accepts. None (the default): the API is open to anyone who can reach it, as in the local
    /// demo, and says so in a warning at start. One or more: every request under <c>/api</c> needs one of them.</summary>
    [ValidateEnumeratedItems]
    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>Refuse to start without <see cref="Keys"/>, so that a deployment whose keys went missing from its
    /// configuration fails instead of running open. False by default (the local demo runs without keys).</summary>
    public bool RequireAuthentication { get; set; }

    /// <summary>The largest payload <c>POST /api/jobs</c> accepts, in bytes of JSON: keep it equal to the scheduler's
    /// <c>Platform:Scheduler:MaxPayloadBytes</c> (the scheduler checks again).</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>The largest request body the API reads, in bytes (a larger one is answered 413 with problem details). The
    /// default, 8 MiB, holds a batch of 1,000 jobs with payloads of a few kilobytes each; Kestrel's own limit is set to it.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How many requests with a wrong API key one client address may send within
    /// <see cref="FailedAuthenticationWindow"/>; past that, every request of that address under <c>/api</c> is answered 429
    /// (with Retry-After) until the window has passed, whatever key it carries.</summary>
    [Range(1, 100_000)]
    public int FailedAuthenticationLimit { get; set; } = 10;

    /// <summary>The window <see cref="FailedAuthenticationLimit"/> counts over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailedAuthenticationWindow { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRequestBodyBytes <= MaxPayloadBytes)
        {
            yield return new ValidationResult($"{nameof(MaxRequestBodyBytes)} must be larger than {nameof(MaxPayloadBytes)}, or no job with the " +
                "largest payload accepted could be sent", [nameof(MaxRequestBodyBytes)]);
        }

        if (RequireAuthentication && Keys.Count == 0)
        {
            yield return new ValidationResult($"{nameof(RequireAuthentication)} is true but no {nameof(Keys)} are configured: " +
                $"add {Section}:{nameof(Keys)}:0:User, :KeyHash and :Role", [nameof(Keys)]);
        }

        for (var i = 0; i < Keys.Count; i++)
        {
            if (Keys[i].Owners is not { } owners)
                continue;
            var member = $"{nameof(Keys)}[{i}].{nameof(ApiKeyOptions.Owners)}";
            if (owners.Count == 0)
                yield return new ValidationResult($"{member}: name at least one owner, or leave it out for a key that sees every job", [member]);
            foreach (var owner in owners.Where(o => string.IsNullOrWhiteSpace(o) || o.Length > ScheduleJobValidator.MaxOwnerLength || o.Any(char.IsControl)))
                yield return new ValidationResult($"{member}: '{owner}' is not an owner (1-{ScheduleJobValidator.MaxOwnerLength} characters, no control characters)", [member]);
        }

        foreach (var duplicate in Keys.GroupBy(k => k.KeyHash, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 && g.Key.Length > 0))
        {
            yield return new ValidationResult($"{nameof(Keys)}: the users {string.Join(", ", duplicate.Select(k => k.User))} have the same " +
                $"{nameof(ApiKeyOptions.KeyHash)}: give each its own key", [nameof(Keys)]);
        }
    }
}

/// <summary>Validates <see cref="PlatformApiOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class PlatformApiOptionsValidator : IValidateOptions<PlatformApiOptions>;
