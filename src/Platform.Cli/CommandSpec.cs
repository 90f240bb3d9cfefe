namespace Platform.Cli;

/// <summary>A command as typed: its name, its positional arguments (all required) and the options it takes, each with a
/// value. <c>--api</c>, <c>--user</c>, <c>--key</c>, <c>--json</c> and <c>--help</c> go with every command.</summary>
internal sealed record CommandSpec(string Name, IReadOnlyList<string> Arguments, IReadOnlyList<string> Options)
{
    public static IReadOnlyList<string> GlobalOptions { get; } = ["api", "user", "key"];

    public static IReadOnlyList<CommandSpec> All { get; } =
    [
        new("jobs", [], ["state", "type", "limit"]),
        new("job", ["jobId"], []),
        new("runs", [], ["job", "state", "from", "to", "limit"]),
        new("run", ["runId"], []),
        new("schedule", ["file.json|-"], []),
        new("cancel", ["jobId"], ["reason"]),
        new("pause", ["jobId"], ["reason"]),
        new("resume", ["jobId"], ["reason"]),
        new("trigger", ["jobId"], ["reason"]),
        new("replay", ["runId"], ["reason"]),
        new("audit", [], ["job", "limit"]),
        new("cron next", ["expression"], ["zone", "count"]),
    ];

    /// <summary>What each option's value is, for the usage text.</summary>
    static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["state"] = "state[,state]",
        ["type"] = "jobType",
        ["limit"] = "1-1000",
        ["job"] = "jobId",
        ["from"] = "iso-instant",
        ["to"] = "iso-instant",
        ["reason"] = "text",
        ["zone"] = "iana-zone",
        ["count"] = "1-1000",
    };

    public bool Takes(string option) => Options.Contains(option) || GlobalOptions.Contains(option);

    public string Synopsis =>
        string.Join(' ', new[] { Name }.Concat(Arguments.Select(a => $"<{a}>")).Concat(Options.Select(o => $"[--{o} <{Values[o]}>]")));
}
