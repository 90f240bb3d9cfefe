namespace Platform.Cli;

/// <summary>A parsed command line: the command (none with <c>--help</c> alone), its positional arguments in the order
/// of <see cref="CommandSpec.Arguments"/>, its options by name (without the dashes) and the global flags.</summary>
internal sealed record CommandLine(CommandSpec? Command, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Options, bool Json, bool Help)
{
    public string? Option(string name) => Options.GetValueOrDefault(name);
}
