namespace Platform.Cli;

/// <summary>What the process exit code tells a script.</summary>
internal static class ExitCode
{
    public const int Ok = 0;

    /// <summary>The API refused the request for another reason (400 with each bad field, 5xx).</summary>
    public const int ApiError = 1;

    /// <summary>The command line is wrong (an unknown command or option, a missing argument, a value of the wrong type).</summary>
    public const int Usage = 2;

    /// <summary>The API could not be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>No such job or run (404).</summary>
    public const int NotFound = 4;

    /// <summary>The key may not do this: a Reader key on a command (403).</summary>
    public const int Forbidden = 5;

    /// <summary>The request conflicts with the state of things (409): replaying a run that did not give up, backfilling a
    /// job that is not active, dead letters that changed since the preview.</summary>
    public const int Conflict = 6;

    /// <summary>No API key, or one the API does not know (401).</summary>
    public const int Unauthorized = 7;

    /// <summary>The exit code for an error status of the API.</summary>
    public static int Of(int status) => status switch
    {
        404 => NotFound,
        403 => Forbidden,
        409 => Conflict,
        401 => Unauthorized,
        _ => ApiError,
    };
}
