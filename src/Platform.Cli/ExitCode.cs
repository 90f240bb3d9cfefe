namespace Platform.Cli;

/// <summary>What the process exit code tells a script.</summary>
internal static class ExitCode
{
    public const int Ok = 0;

    /// <summary>The API answered with an error (problem details).</summary>
    public const int ApiError = 1;

    /// <summary>The command line is wrong; the usage text was printed.</summary>
    public const int Usage = 2;

    /// <summary>The API could not be reached.</summary>
    public const int Unreachable = 3;
}
