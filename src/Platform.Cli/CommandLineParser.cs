namespace Platform.Cli;

/// <summary>
/// Reads <c>command [arguments] [--option value | --option=value] [--json] [--help]</c>; options may come anywhere. Checks
/// the shape only (the command exists, its arguments are all there, each option is one it takes); the API checks the
/// values and names each bad one.
/// </summary>
internal static class CommandLineParser
{
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var positionals = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var json = false;
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
                help = true;
            else if (arg == "--json")
                json = true;
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var (name, value) = SplitOption(arg[2..], args, ref i);
                if (!options.TryAdd(name, value))
                    throw new UsageException($"--{name} is given twice");
            }
            else
                positionals.Add(arg);
        }

        if (positionals.Count == 0)
            return help ? new CommandLine(null, [], options, json, help) : throw new UsageException("no command given");

        var (command, consumed) = FindCommand(positionals);
        var arguments = positionals.Skip(consumed).ToList();
        if (help)
            return new CommandLine(command, arguments, options, json, help);

        if (options.Keys.FirstOrDefault(o => !command.Takes(o)) is { } unknown)
            throw new UsageException($"{command.Name} takes no option --{unknown}");
        if (arguments.Count < command.Arguments.Count)
            throw new UsageException($"{command.Name} needs <{command.Arguments[arguments.Count]}>");
        if (arguments.Count > command.Arguments.Count)
            throw new UsageException($"{command.Name} does not take the argument '{arguments[command.Arguments.Count]}'");
        return new CommandLine(command, arguments, options, json, help);
    }

    static (string Name, string Value) SplitOption(string option, IReadOnlyList<string> args, ref int i)
    {
        var equals = option.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
            return (option[..equals], option[(equals + 1)..]);
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new UsageException($"--{option} needs a value");
        i++;
        return (option, args[i]);
    }

    static (CommandSpec Command, int Consumed) FindCommand(List<string> positionals)
    {
        if (positionals[0] == "cron")
        {
            return positionals.Count > 1 && positionals[1] == "next"
                ? (CommandSpec.All.Single(c => c.Name == "cron next"), 2)
                : throw new UsageException("cron has one subcommand: cron next \"<expression>\"");
        }

        return CommandSpec.All.FirstOrDefault(c => c.Name == positionals[0]) is { } command
            ? (command, 1)
            : throw new UsageException($"unknown command '{positionals[0]}'");
    }
}
