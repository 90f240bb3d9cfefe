namespace Platform.Cli;

/// <summary>The API answered with an error status; <see cref="Exception.Message"/> is the problem in one line and
/// <see cref="FieldErrors"/> names each bad field (exit code <see cref="ExitCode.ApiError"/>).</summary>
internal sealed class ApiProblemException(string message, IReadOnlyList<string> fieldErrors) : Exception(message)
{
    public IReadOnlyList<string> FieldErrors { get; } = fieldErrors;
}
