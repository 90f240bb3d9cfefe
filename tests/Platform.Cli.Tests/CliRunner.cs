namespace Platform.Cli.Tests;

/// <summary>Runs the CLI's entry point as the process would, with the given HTTP client, environment variables and
/// standard input, and captures what it printed.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(HttpClient http, IReadOnlyDictionary<string, string> environment, string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input);
        var cli = new Cli(reader, output, error, http, name => environment.GetValueOrDefault(name));
        var exitCode = await cli.RunAsync(args);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Lines of a table or detail, without the trailing empty line.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
