namespace Platform.Cli;

/// <summary>No answer from the API at all: refused, unknown host, timed out (exit code <see cref="ExitCode.Unreachable"/>).</summary>
internal sealed class ApiUnreachableException(string message, Exception inner) : Exception(message, inner);
