using System.ComponentModel.DataAnnotations;
using Platform.Api.Commands;

namespace Platform.Api.Authentication;

/// <summary>One API key of <c>Platform:Api:Keys</c>: whose it is, the SHA-256 of the key (never the key itself) and what it
/// may do. Make the hash with <c>printf %s "$KEY" | sha256sum</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The user the audit trail records for commands sent with this key (as <c>api:{User}</c>).</summary>
    [Required]
    [MaxLength(ApiSender.MaxUserLength)]
    [RegularExpression(@"^[^,\p{C}]+$", ErrorMessage = "The field {0} must be one user name: no commas, no control characters.")]
    public string User { get; set; } = "";

    /// <summary>The SHA-256 of the key as 64 hexadecimal digits.</summary>
    [Required]
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "The field {0} must be the SHA-256 of the key as 64 hexadecimal digits (printf %s \"$KEY\" | sha256sum).")]
    public string KeyHash { get; set; } = "";

    /// <summary><see cref="ApiRole.Reader"/> or <see cref="ApiRole.Operator"/>; required, so that no key gets a role by accident.</summary>
    [Required]
    public ApiRole? Role { get; set; }

    /// <summary>When set, the key sees and acts on the jobs of these owners only (a job's <c>owner</c>: its runs, fire log,
    /// audit trail and dead letters too) and schedules jobs for them only; not set, every job.</summary>
    public List<string>? Owners { get; set; }
}
