namespace Platform.Cli;

/// <summary>The API answered with an error status; <see cref="Exception.Message"/> is the problem in one line and
/// <see cref="FieldErrors"/> names each bad field (exit code <see cref="ExitCode.Of"/> of <see cref="Status"/>).</summary>
internal sealed class ApiProblemException(string message, IReadOnlyList<string> fieldErrors, int status = 0) : Exception(message)
{
    public IReadOnlyList<string> FieldErrors { get; } = fieldErrors;

    /// <summary>The HTTP status, or 0 for an answer that is not the platform API's.</summary>
    public int Status { get; } = status;
}
