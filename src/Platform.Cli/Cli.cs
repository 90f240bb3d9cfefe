using System.Text.Json;

namespace Platform.Cli;

/// <summary>
/// platform-cli: reads a command line, calls the platform's REST API and prints the answer as a table, a detail or the
/// raw JSON (<c>--json</c>). Input, output, the HTTP client and the environment variables are given (only the OS user
/// name, the last default of <c>--user</c>, comes from the process), so tests run it against an in-memory API. An error is
/// one line on <c>error</c> (then one per bad field of the request) with the exit codes of <see cref="ExitCode"/>.
/// </summary>
internal sealed class Cli(TextReader input, TextWriter output, TextWriter error, HttpClient http, Func<string, string?> environment)
{
    public const string ApiVariable = "PLATFORM_API";
    public const string UserVariable = "PLATFORM_USER";
    public const string KeyVariable = "PLATFORM_API_KEY";
    public const string DefaultApi = "http://127.0.0.1:5103";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        try
        {
            var line = CommandLineParser.Parse(args);
            if (line.Help || line.Command is not { } command)
            {
                await output.WriteAsync(Usage.Text);
                return ExitCode.Ok;
            }

            var api = new ApiClient(http, ApiAddress(line), User(line), Key(line));
            await output.WriteAsync(await ExecuteAsync(line, command, api, cancellationToken));
            return ExitCode.Ok;
        }
        catch (UsageException exception)
        {
            await error.WriteLineAsync($"error: {exception.Message}");
            await error.WriteAsync(Usage.Text);
            return ExitCode.Usage;
        }
        catch (ApiProblemException exception)
        {
            await error.WriteLineAsync($"error: {exception.Message}");
            foreach (var field in exception.FieldErrors)
                await error.WriteLineAsync($"  {field}");
            return ExitCode.ApiError;
        }
        catch (ApiUnreachableException exception)
        {
            await error.WriteLineAsync($"error: {exception.Message}");
            return ExitCode.Unreachable;
        }
    }

    Uri ApiAddress(CommandLine line)
    {
        var text = line.Option("api") ?? environment(ApiVariable) ?? DefaultApi;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"the API address '{text}' is not an absolute http(s) URL such as {DefaultApi}");
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>The user the audit trail records; an HTTP header carries ASCII only.</summary>
    string User(CommandLine line)
    {
        var user = line.Option("user") ?? environment(UserVariable) ?? Environment.UserName;
        return user.All(c => char.IsAscii(c) && !char.IsControl(c))
            ? user
            : throw new UsageException($"the user '{user}' has characters an HTTP header cannot carry: use --user with ASCII letters");
    }

    /// <summary>The API key, when the API requires one (sent as <c>Authorization: Bearer</c>); an HTTP header carries ASCII only.</summary>
    string? Key(CommandLine line)
    {
        var key = line.Option("key") ?? environment(KeyVariable);
        if (string.IsNullOrWhiteSpace(key))
            return null;
        return key.All(c => char.IsAscii(c) && !char.IsControl(c))
            ? key.Trim()
            : throw new UsageException("the API key has characters an HTTP header cannot carry");
    }

    async Task<string> ExecuteAsync(CommandLine line, CommandSpec command, ApiClient api, CancellationToken cancellationToken)
    {
        var argument = line.Arguments.Count > 0 ? line.Arguments[0] : "";
        (ApiAnswer Answer, Func<JsonElement, string> View) shown = command.Name switch
        {
            "jobs" => (await api.GetAsync(Query("api/jobs", ("state", line.Option("state")), ("jobType", line.Option("type")),
                ("limit", line.Option("limit"))), cancellationToken), Views.Jobs),
            "job" => (await api.GetAsync($"api/jobs/{Segment(argument)}", cancellationToken), Views.Job),
            "runs" => (await api.GetAsync(Query("api/runs", ("jobId", line.Option("job")), ("state", line.Option("state")),
                ("from", line.Option("from")), ("to", line.Option("to")), ("limit", line.Option("limit"))), cancellationToken), Views.Runs),
            "run" => (await api.GetAsync($"api/runs/{Segment(argument)}", cancellationToken), Views.Run),
            "audit" => (await api.GetAsync(Query("api/audit", ("jobId", line.Option("job")), ("limit", line.Option("limit"))),
                cancellationToken), Views.Audit),
            "cron next" => (await api.GetAsync(Query("api/cron/next", ("expression", argument), ("timeZone", line.Option("zone")),
                ("count", line.Option("count"))), cancellationToken), Views.CronOccurrences),
            "schedule" => (await api.PostJsonAsync("api/jobs", await ReadJobAsync(argument, cancellationToken), cancellationToken),
                Views.Accepted),
            "replay" => (await api.PostJsonAsync($"api/runs/{Segment(argument)}/replay", Reason(line), cancellationToken), Views.Accepted),
            _ => (await api.PostJsonAsync($"api/jobs/{Segment(argument)}/{command.Name}", Reason(line), cancellationToken), Views.Accepted),
        };
        if (line.Json)
            return shown.Answer.Text.EndsWith('\n') ? shown.Answer.Text : shown.Answer.Text + "\n";
        try
        {
            return shown.View(shown.Answer.Body) + MoreNote(shown.Answer.Body);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException)
        {
            throw new ApiProblemException($"the answer from {api.BaseAddress} is not what the platform API sends ({exception.Message}); " +
                "is it the platform API? --json prints it as it came", []);
        }
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

    /// <summary>A listing cut at <c>--limit</c> says so (its next page is one more call with a higher limit).</summary>
    static string MoreNote(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && Json.Text(answer, "continuation") is not null
            ? $"(more: only the first {Views.Items(answer).Count()} are shown; raise --limit, up to 1000)\n"
            : "";

    static string? Reason(CommandLine line) =>
        line.Option("reason") is { } reason ? JsonSerializer.Serialize(new { reason }) : null;

    static string Segment(string value) => Uri.EscapeDataString(value);

    static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? path : $"{path}?{string.Join('&', given)}";
    }
}
