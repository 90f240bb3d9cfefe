namespace Platform.Contracts;

/// <summary>Event: a command was invalid; nothing of it took effect.</summary>
public sealed record JobRejected
{
    /// <summary>The job the command named (empty when it named none).</summary>
    public Guid JobId { get; init; }

    /// <summary>Every field error found, not only the first.</summary>
    public IReadOnlyList<FieldError> Errors { get; init; } = [];
}
