using Platform.Contracts;

namespace Platform.Scheduler;

/// <summary>Carried by the Fault that accompanies a <see cref="JobRejected"/>: the command's field errors.</summary>
public sealed class JobRejectedException(IReadOnlyList<FieldError> errors)
    : Exception("The command was rejected: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
