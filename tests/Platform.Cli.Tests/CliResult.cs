namespace Platform.Cli.Tests;

/// <summary>What one run of the CLI did: its exit code and what it wrote to standard output and standard error.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
