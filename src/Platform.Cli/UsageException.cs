namespace Platform.Cli;

/// <summary>The command line cannot be run as written (exit code <see cref="ExitCode.Usage"/>).</summary>
internal sealed class UsageException(string message) : Exception(message);
