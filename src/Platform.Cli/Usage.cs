namespace Platform.Cli;

/// <summary>The usage text, printed for <c>--help</c> and after a usage error.</summary>
internal static class Usage
{
    public static string Text { get; } = string.Join('\n',
        new[] { "usage: platform-cli <command> [arguments] [options]", "", "commands:" }
            .Concat(CommandSpec.All.Select(c => $"  {c.Synopsis}"))
            .Concat(
            [
                "",
                "options for every command:",
                $"  --api <url>    the platform API (env {Cli.ApiVariable}; {Cli.DefaultApi} when unset)",
                $"  --user <name>  who the audit trail records when the API has no keys (env {Cli.UserVariable}; the OS user when unset)",
                $"  --key <key>    the API key, when the API requires one (env {Cli.KeyVariable}, which keeps it out of the process list)",
                "  --json         print the API's JSON instead of a table",
                "  --help, -h     print this text",
                "",
                "exit codes: 0 done, 1 the API answered with an error, 2 bad usage, 3 the API could not be reached",
                "",
            ]));
}
