using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Scheduling.Schema;

namespace Platform.Cli;

/// <summary>
/// platform-cli on System.CommandLine: reads a command line (help per command, <c>--version</c>, completions through the
/// <c>[suggest]</c> directive and <c>completion bash</c>, suggestions for typos), calls the platform's REST API and prints
/// the answer as a table, a detail or the raw JSON (<c>--json</c>). Input, output, the HTTP client and the environment
/// variables are given (only the OS user name, the last default of <c>--user</c>, comes from the process), so tests run it
/// against an in-memory API. An error is one line on <c>error</c> (then one per bad field of the request) with the exit
/// codes of <see cref="ExitCode"/>.
/// </summary>
internal sealed class Cli(TextReader input, TextWriter output, TextWriter error, HttpClient http, Func<string, string?> environment)
{
    public const string ApiVariable = "PLATFORM_API";
    public const string UserVariable = "PLATFORM_USER";
    public const string KeyVariable = "PLATFORM_API_KEY";
    public const string DefaultApi = "http://127.0.0.1:5103";

    /// <summary>The most pages <c>--all</c> follows (at 1000 items a page).</summary>
    public const int MaxPages = 100;

    static readonly string[] FireKinds = ["OnTime", "Misfired", "CaughtUp", "Missed", "Coalesced"];
    static readonly string[] Commands = ["ScheduleJob", "CancelJob", "PauseJob", "ResumeJob", "TriggerJobNow", "BackfillJob", "ReplayJobRun", "ExternalEvent"];

    readonly Option<string> _api = new("--api") { Description = $"The platform API's base URL (env {ApiVariable}; {DefaultApi} when unset)", Recursive = true };
    readonly Option<string> _user = new("--user") { Description = $"Who the audit trail records when the API has no keys (env {UserVariable}; the OS user when unset)", Recursive = true };
    readonly Option<string> _key = new("--key") { Description = $"The API key, when the API requires one (env {KeyVariable}, which keeps it out of the process list)", Recursive = true };
    readonly Option<bool> _json = new("--json") { Description = "Print the API's JSON instead of a table", Recursive = true };

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var root = Build();
        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction parseError)
        {
            parseError.ShowHelp = false;
            parseError.ShowTypoCorrections = true;
        }

        // A wrong command line is explained on standard error (with the typo suggestions), keeping standard output for answers.
        var wrong = parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction;
        var configuration = new InvocationConfiguration { Output = wrong ? error : output, Error = error, EnableDefaultExceptionHandler = false };
        var code = await parsed.InvokeAsync(configuration, cancellationToken);
        if (wrong)
        {
            var path = CommandPath(parsed);
            await error.WriteLineAsync(path.Length == 0 ? "see: platform-cli --help" : $"see: platform-cli {path} --help");
            return ExitCode.Usage;
        }

        return code;
    }

    /// <summary>The subcommand typed, such as <c>cron next</c>; empty for the root.</summary>
    static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            names.Insert(0, result.Command.Name);
        return string.Join(' ', names);
    }

    RootCommand Build()
    {
        var root = new RootCommand("platform-cli: the operators' command line for the platform's REST API (jobs, runs, fires, audit, dead letters, " +
            "workers, commands, backfill, cron preview). Exit codes: 0 done, 1 the API refused the request (400, 5xx), 2 bad usage, 3 the API " +
            "could not be reached, 4 not found, 5 forbidden (a Reader key on a command), 6 conflict, 7 no or unknown API key.");
        root.Options.Add(_api);
        root.Options.Add(_user);
        root.Options.Add(_key);
        root.Options.Add(_json);

        root.Subcommands.Add(JobsCommand());
        root.Subcommands.Add(Show("job", "jobId", "One job: state, version, trigger, next and last run, its definition", id => $"api/jobs/{id}", Views.Job));
        root.Subcommands.Add(RunsCommand());
        root.Subcommands.Add(Show("run", "runId", "One run: state, cause, attempt, times, worker, progress, error", id => $"api/runs/{id}", Views.Run));
        root.Subcommands.Add(FiresCommand());
        root.Subcommands.Add(AuditCommand());
        root.Subcommands.Add(ScheduleCommand());
        foreach (var (verb, what) in new[]
                 {
                     ("cancel", "Cancel a job for good (CancelJob; a running run is cancelled)"),
                     ("pause", "Pause a job (PauseJob)"),
                     ("resume", "Resume a paused job (ResumeJob)"),
                     ("trigger", "Run a job once now, outside its schedule (TriggerJobNow)"),
                 })
            root.Subcommands.Add(JobCommand(verb, what));
        root.Subcommands.Add(ReplayCommand());
        root.Subcommands.Add(BackfillCommand());
        root.Subcommands.Add(DeadLettersCommand());
        root.Subcommands.Add(List("workers", "Worker processes as they announce themselves: job types, slots in use, breakers, last heartbeat",
            [], _ => "api/workers", Views.Workers, pageable: false));
        root.Subcommands.Add(StatsCommand());
        root.Subcommands.Add(CronCommand());
        root.Subcommands.Add(CompletionCommand());
        // No command: the help, as for --help, and the exit code of a wrong command line.
        var help = root.Options.OfType<System.CommandLine.Help.HelpOption>().Single();
        root.SetAction(parsed =>
        {
            ((SynchronousCommandLineAction)help.Action!).Invoke(parsed);
            return ExitCode.Usage;
        });
        return root;
    }

    // ---------- commands ----------

    Command JobsCommand()
    {
        Option<string>[] filters =
        [
            Text("--state", "Active, Paused, Completed or Cancelled; several separated by commas", JobStates.All),
            Text("--job-type", "Only jobs of exactly this job type", null, "--type"),
            Text("--owner", "Only jobs of exactly this owner"),
            Text("--tag", "Only jobs with every one of these tags, as key:value; several separated by commas"),
            Text("--q", "Only jobs whose id, type or owner contains this text (any letter case)", null, "--search"),
            Text("--sort", "createdAt, updatedAt, nextRunAt, jobType, state or owner; a leading '-' for descending (-createdAt when absent)",
                ["-createdAt", "createdAt", "updatedAt", "-updatedAt", "nextRunAt", "jobType", "state", "owner"]),
        ];
        return List("jobs", "Jobs, newest first: search, filter by state, type, owner and tags, sort", filters,
            p => "api/jobs" + Query(p, filters), Views.Jobs);
    }

    Command RunsCommand()
    {
        Option<string>[] filters =
        [
            Text("--job-id", "Only runs of this job", null, "--job"),
            Text("--job-type", "Only runs of exactly this job type", null, "--type"),
            Text("--cause", "Only runs with exactly this cause, such as 'backfill' or 'on time'"),
            Text("--state", "Run states, several separated by commas", RunStates.All),
            Text("--from", "Runs due at or after this ISO 8601 instant (with Z or an offset)"),
            Text("--to", "Runs due before this ISO 8601 instant"),
        ];
        return List("runs", "The run history, newest first, by job, type, cause, state and time range", filters,
            p => "api/runs" + Query(p, filters), Views.Runs);
    }

    Command FiresCommand()
    {
        var jobId = new Argument<string>("jobId") { Description = "The job" };
        Option<string>[] filters =
        [
            Text("--kind", "OnTime, Misfired, CaughtUp, Missed or Coalesced; several separated by commas", FireKinds),
            Text("--from", "Occurrences at or after this ISO 8601 instant"),
            Text("--to", "Occurrences before this ISO 8601 instant"),
        ];
        var command = List("fires", "The fire log of a job, newest occurrence first: each occurrence fired on time, late or missed", filters,
            p => $"api/jobs/{Segment(p.GetValue(jobId)!)}/fires" + Query(p, filters), Views.Fires);
        command.Arguments.Add(jobId);
        return command;
    }

    Command AuditCommand()
    {
        Option<string>[] filters =
        [
            Text("--job-id", "Only commands for this job", null, "--job"),
            Text("--command", "Only this command", Commands),
            Text("--accepted", "true: accepted commands only; false: rejected ones only", ["true", "false"]),
            Text("--sender", "Only commands of exactly this sender, such as api:alice"),
            Text("--from", "Received at or after this ISO 8601 instant"),
            Text("--to", "Received before this ISO 8601 instant"),
        ];
        return List("audit", "The audit trail, newest first: who sent which command, accepted or rejected with the field errors", filters,
            p => "api/audit" + Query(p, filters), Views.Audit);
    }

    Command ScheduleCommand()
    {
        var file = new Argument<string>("file") { Description = "A ScheduleJob as JSON (the contract's wire format), or - for standard input" };
        var command = new Command("schedule", "Schedule a job, or replace its definition: the API checks it and answers with every field error") { file };
        Act(command, async (p, api, ct) => (await api.PostJsonAsync("api/jobs", await ReadJobAsync(p.GetValue(file)!, ct), ct), Views.Accepted));
        return command;
    }

    Command JobCommand(string verb, string description)
    {
        var jobId = new Argument<string>("jobId") { Description = "The job" };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit trail" };
        var command = new Command(verb, description) { jobId, reason };
        Act(command, async (p, api, ct) => (await api.PostJsonAsync($"api/jobs/{Segment(p.GetValue(jobId)!)}/{verb}", Body(("reason", p.GetValue(reason))), ct),
            Views.Accepted));
        return command;
    }

    Command ReplayCommand()
    {
        var runId = new Argument<string>("runId") { Description = "A DeadLettered or TimedOut run" };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit trail" };
        var payload = new Option<string>("--payload") { Description = "A replacement payload for the replay, as JSON" };
        var command = new Command("replay", "Replay a dead-lettered or timed-out run (ReplayJobRun), optionally with an edited payload") { runId, reason, payload };
        Act(command, async (p, api, ct) => (await api.PostJsonAsync($"api/runs/{Segment(p.GetValue(runId)!)}/replay",
            Body(("reason", p.GetValue(reason)), ("payload", JsonPayload(p.GetValue(payload)))), ct), Views.Accepted));
        return command;
    }

    Command BackfillCommand()
    {
        var jobId = new Argument<string>("jobId") { Description = "An active job with a time trigger" };
        var from = new Option<string>("--from") { Description = "The start of the range, inclusive, ISO 8601", Required = true };
        var to = new Option<string>("--to") { Description = "The end of the range, exclusive, ISO 8601; not in the future", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit trail" };
        var yes = new Option<bool>("--yes") { Description = "Run it; without --yes only the count and the occurrences are shown (a preview)" };
        var command = new Command("backfill", "Run a job's occurrences of a past time range, each as a run with cause 'backfill' (BackfillJob): " +
            "previews the count first; --yes runs them") { jobId, from, to, reason, yes };
        Act(command, async (p, api, ct) => (await api.PostJsonAsync($"api/jobs/{Segment(p.GetValue(jobId)!)}/backfill",
            Body(("from", p.GetValue(from)), ("to", p.GetValue(to)), ("reason", p.GetValue(reason)), ("dryRun", !p.GetValue(yes))), ct), Views.Backfill));
        return command;
    }

    Command DeadLettersCommand()
    {
        Option<string>[] filters =
        [
            Text("--job-type", "Only runs of exactly this job type", null, "--type"),
            Text("--from", "Runs that ended at or after this ISO 8601 instant"),
            Text("--to", "Runs that ended before this ISO 8601 instant"),
        ];
        var command = List("dead-letters", "Dead-lettered and timed-out runs grouped by job type and error (ids and numbers masked)", filters,
            p => "api/dead-letters" + Query(p, filters), Views.DeadLetterGroups, pageable: false);

        var error = new Option<string>("--error") { Description = "Only runs whose error is this group's error, as dead-letters prints it" };
        var runIds = new Option<string[]>("--run-id") { Description = "These runs instead of a filter (repeat the option)", AllowMultipleArgumentsPerToken = true };
        var payload = new Option<string>("--payload") { Description = "A replacement payload for every replayed run, as JSON" };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit trail" };
        var yes = new Option<bool>("--yes") { Description = "Replay them; without --yes only the count is shown (a preview)" };
        var replay = new Command("replay", "Replay dead letters in bulk, by --run-id or by filter: previews the count first; --yes replays " +
            "(and refuses, exit 6, when the count changed since)") { error, runIds, payload, reason, yes };
        foreach (var filter in filters)
            replay.Options.Add(filter);
        Act(replay, async (p, api, ct) =>
        {
            var body = new JsonObject
            {
                ["jobType"] = p.GetValue(filters[0]),
                ["from"] = p.GetValue(filters[1]),
                ["to"] = p.GetValue(filters[2]),
                ["error"] = p.GetValue(error),
                ["reason"] = p.GetValue(reason),
                ["payload"] = JsonPayload(p.GetValue(payload)),
                ["dryRun"] = true,
            };
            if (p.GetValue(runIds) is { Length: > 0 } ids)
                body["runIds"] = new JsonArray(ids.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray());
            var preview = await api.PostJsonAsync("api/dead-letters/replay", body.ToJsonString(), ct);
            if (!p.GetValue(yes))
                return (preview, Views.DeadLetterReplay);
            body["dryRun"] = false;
            body["expectedCount"] = preview.Body.GetProperty("count").GetInt32();
            return (await api.PostJsonAsync("api/dead-letters/replay", body.ToJsonString(), ct), Views.DeadLetterReplay);
        });
        command.Subcommands.Add(replay);
        return command;
    }

    Command StatsCommand()
    {
        var hours = new Option<int?>("--hours") { Description = "The window in hours back from now, 1-168 (1 when absent)" };
        var command = new Command("stats", "The overview: jobs and runs by state, success rate, fires on time, late and missed, delays, breakers, queues") { hours };
        Act(command, async (p, api, ct) => (await api.GetAsync("api/stats" + QueryOf(("hours", p.GetValue(hours)?.ToString(System.Globalization.CultureInfo.InvariantCulture))), ct),
            Views.Stats));
        return command;
    }

    Command CronCommand()
    {
        var expression = new Argument<string>("expression") { Description = "5 fields, or 6 with seconds first, such as \"30 9 * * MON-FRI\"" };
        var zone = new Option<string>("--time-zone", "--zone") { Description = "An IANA time zone such as Europe/London (UTC when absent)" };
        var count = new Option<int?>("--count") { Description = "How many occurrences, 1-1000 (10 when absent)" };
        var next = new Command("next", "The next occurrences of a cron expression, in UTC and in the zone, and the expression in words") { expression, zone, count };
        Act(next, async (p, api, ct) => (await api.GetAsync("api/cron/next" + QueryOf(("expression", p.GetValue(expression)), ("timeZone", p.GetValue(zone)),
            ("count", p.GetValue(count)?.ToString(System.Globalization.CultureInfo.InvariantCulture))), ct), Views.CronOccurrences));
        return new Command("cron", "Cron expressions") { next };
    }

    Command CompletionCommand()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a completion script: eval \"$(platform-cli completion bash)\" (in ~/.bashrc), or the same for zsh") { shell };
        command.SetAction(async (p, ct) =>
        {
            await output.WriteAsync(Completion.Script(p.GetValue(shell)!));
            return ExitCode.Ok;
        });
        return command;
    }

    // ---------- building blocks ----------

    /// <summary>A listing: its filters, <c>--limit</c> and <c>--all</c> (every page, following the continuation).</summary>
    Command List(string name, string description, Option<string>[] filters, Func<ParseResult, string> path, Func<JsonElement, string> view,
        bool pageable = true)
    {
        var command = new Command(name, description);
        foreach (var filter in filters)
            command.Options.Add(filter);
        if (!pageable)
        {
            Act(command, async (p, api, ct) => (await api.GetAsync(path(p), ct), view));
            return command;
        }

        var limit = new Option<int?>("--limit") { Description = "Page size, 1-1000 (100 when absent)" };
        var all = new Option<bool>("--all") { Description = $"Every page, following the API's continuation (at most {MaxPages} pages)" };
        command.Options.Add(limit);
        command.Options.Add(all);
        Act(command, async (p, api, ct) =>
        {
            var first = With(path(p), ("limit", p.GetValue(limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var answer = await api.GetAsync(first, ct);
            if (!p.GetValue(all))
                return (answer, view);
            var items = new JsonArray();
            for (var pages = 1; ; pages++)
            {
                foreach (var item in answer.Body.GetProperty("items").EnumerateArray())
                    items.Add(JsonNode.Parse(item.GetRawText()));
                if (Json.Text(answer.Body, "continuation") is not { } continuation || pages >= MaxPages)
                    break;
                answer = await api.GetAsync(With(first, ("continuation", continuation)), ct);
            }

            var merged = new JsonObject { ["items"] = items, ["continuation"] = Json.Text(answer.Body, "continuation") };
            if (answer.Body.TryGetProperty("total", out var total) && total.ValueKind == JsonValueKind.Number)
                merged["total"] = total.GetInt32();
            var text = merged.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            return (new ApiAnswer(text, JsonDocument.Parse(text).RootElement.Clone()), view);
        });
        return command;
    }

    Command Show(string name, string argument, string description, Func<string, string> path, Func<JsonElement, string> view)
    {
        var id = new Argument<string>(argument) { Description = argument == "jobId" ? "The job" : "The run" };
        var command = new Command(name, description) { id };
        Act(command, async (p, api, ct) => (await api.GetAsync(path(Segment(p.GetValue(id)!)), ct), view));
        return command;
    }

    static Option<string> Text(string name, string description, string[]? values = null, params string[] aliases)
    {
        var option = new Option<string>(name, aliases) { Description = description };
        if (values is not null)
            option.CompletionSources.Add(values);
        return option;
    }

    /// <summary>Runs a command's call to the API and prints its answer; turns every failure into one error line and the
    /// exit code that says what kind of failure it was.</summary>
    void Act(Command command, Func<ParseResult, ApiClient, CancellationToken, Task<(ApiAnswer Answer, Func<JsonElement, string> View)>> call) =>
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var api = new ApiClient(http, ApiAddress(parsed), User(parsed), Key(parsed));
                var (answer, view) = await call(parsed, api, cancellationToken);
                await output.WriteAsync(parsed.GetValue(_json) ? WithNewline(answer.Text) : Show(answer, view, api));
                return ExitCode.Ok;
            }
            catch (UsageException exception)
            {
                await error.WriteLineAsync($"error: {exception.Message}");
                return ExitCode.Usage;
            }
            catch (ApiProblemException exception)
            {
                await error.WriteLineAsync($"error: {exception.Message}");
                foreach (var field in exception.FieldErrors)
                    await error.WriteLineAsync($"  {field}");
                return ExitCode.Of(exception.Status);
            }
            catch (ApiUnreachableException exception)
            {
                await error.WriteLineAsync($"error: {exception.Message}");
                return ExitCode.Unreachable;
            }
        });

    static string Show(ApiAnswer answer, Func<JsonElement, string> view, ApiClient api)
    {
        try
        {
            return view(answer.Body) + MoreNote(answer.Body);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException)
        {
            throw new ApiProblemException($"the answer from {api.BaseAddress} is not what the platform API sends ({exception.Message}); " +
                "is it the platform API? --json prints it as it came", []);
        }
    }

    Uri ApiAddress(ParseResult parsed)
    {
        var text = parsed.GetValue(_api) ?? environment(ApiVariable) ?? DefaultApi;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"the API address '{text}' is not an absolute http(s) URL such as {DefaultApi}");
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>The user the audit trail records; an HTTP header carries ASCII only.</summary>
    string User(ParseResult parsed)
    {
        var user = parsed.GetValue(_user) ?? environment(UserVariable) ?? Environment.UserName;
        return user.All(c => char.IsAscii(c) && !char.IsControl(c))
            ? user
            : throw new UsageException($"the user '{user}' has characters an HTTP header cannot carry: use --user with ASCII letters");
    }

    /// <summary>The API key, when the API requires one (sent as <c>Authorization: Bearer</c>); an HTTP header carries ASCII only.</summary>
    string? Key(ParseResult parsed)
    {
        var key = parsed.GetValue(_key) ?? environment(KeyVariable);
        if (string.IsNullOrWhiteSpace(key))
            return null;
        return key.All(c => char.IsAscii(c) && !char.IsControl(c))
            ? key.Trim()
            : throw new UsageException("the API key has characters an HTTP header cannot carry");
    }

    async Task<string> ReadJobAsync(string file, CancellationToken cancellationToken)
    {
        if (file == "-")
            return await input.ReadToEndAsync(cancellationToken);
        try
        {
            return await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot read the job file '{file}': {exception.Message}");
        }
    }

    static JsonNode? JsonPayload(string? text)
    {
        if (text is null)
            return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException exception)
        {
            throw new UsageException($"--payload is not JSON: {exception.Message}");
        }
    }

    /// <summary>A listing cut at <c>--limit</c> says so (<c>--all</c> fetches every page).</summary>
    static string MoreNote(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && Json.Text(answer, "continuation") is not null
            ? $"(more: only the first {Views.Items(answer).Count()} are shown{(Json.Text(answer, "total") is { } total ? $" of {total}" : "")}; --all fetches every page)\n"
            : "";

    static string WithNewline(string text) => text.EndsWith('\n') ? text : text + "\n";

    static string? Body(params (string Name, object? Value)[] fields)
    {
        var given = fields.Where(f => f.Value is not null).ToList();
        if (given.Count == 0)
            return null;
        var body = new JsonObject();
        foreach (var (name, value) in given)
            body[name] = value is JsonNode node ? node : JsonValue.Create(value);
        return body.ToJsonString();
    }

    static string Segment(string value) => Uri.EscapeDataString(value);

    static string Query(ParseResult parsed, IEnumerable<Option<string>> options) =>
        QueryOf(options.Select(o => (ApiName(o.Name), parsed.GetValue(o))).ToArray());

    /// <summary>The API's name of an option: <c>--job-type</c> is <c>jobType</c>.</summary>
    static string ApiName(string option)
    {
        var parts = option.TrimStart('-').Split('-');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    static string QueryOf(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : $"?{string.Join('&', given)}";
    }

    static string With(string path, params (string Name, string? Value)[] parameters)
    {
        var more = QueryOf(parameters);
        return more.Length == 0 ? path : path + (path.Contains('?', StringComparison.Ordinal) ? "&" + more[1..] : more);
    }
}
