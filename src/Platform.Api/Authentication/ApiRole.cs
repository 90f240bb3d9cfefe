namespace Platform.Api.Authentication;

/// <summary>What an API key may do. An <see cref="Operator"/> may do everything a <see cref="Reader"/> may.</summary>
public enum ApiRole
{
    /// <summary>Every GET under <c>/api</c>: jobs, runs, audit trail, fire log, cron preview.</summary>
    Reader,

    /// <summary>A reader that may also send commands (every POST under <c>/api</c>).</summary>
    Operator,
}
