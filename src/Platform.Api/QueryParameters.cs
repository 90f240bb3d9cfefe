using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Platform.Api.ReadModel;

namespace Platform.Api;

/// <summary>
/// Reads a request's parameters and collects every problem at once, so a client fixes them in one go: each bad parameter
/// is named in a 400 problem-details answer (<see cref="ToProblem"/>).
/// </summary>
public sealed partial class QueryParameters
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int MaxTextLength = 200;

    const string InstantHelp = "must be an ISO 8601 instant with an offset, such as '2030-03-10T00:00:00Z' or '2030-03-10T00:00:00-05:00' " +
        "(write + as %2B in a URL)";

    readonly Dictionary<string, string[]> _errors = [];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoInstantPattern();

    public bool HasErrors => _errors.Count > 0;

    public void Add(string parameter, string message) => _errors[parameter] = [message];

    public ValidationProblem ToProblem(string title) =>
        TypedResults.ValidationProblem(_errors, detail: string.Join("; ", _errors.Select(e => $"{e.Key}: {e.Value[0]}")), title: title);

    /// <summary>An ISO 8601 instant with an explicit offset or Z (nothing else is unambiguous).</summary>
    public static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        return IsoInstantPattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    public Guid? Id(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (Guid.TryParse(value, out var id))
            return id;
        Add(name, "must be a GUID such as '3f2504e0-4f89-11d3-9a0c-0305e82c3301'");
        return null;
    }

    public Guid RequiredId(string name, string value) => Id(name, value) ?? Guid.Empty;

    /// <summary>One item by the id in route parameter <paramref name="name"/>: 400 naming it when it is not a GUID, the
    /// item, or <paramref name="unknown"/>'s 404.</summary>
    public static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> FindAsync<T>(string name, string value, string what,
        Func<Guid, Task<T?>> find, Func<Guid, ProblemHttpResult> unknown)
        where T : class
    {
        var parameters = new QueryParameters();
        var id = parameters.RequiredId(name, value);
        if (parameters.HasErrors)
            return parameters.ToProblem($"The {what} request is invalid");
        return await find(id) is { } found ? TypedResults.Ok(found) : unknown(id);
    }

    public int Limit(string? value)
    {
        if (value is null)
            return DefaultLimit;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit)
            return limit;
        Add("limit", $"must be a whole number from 1 to {MaxLimit}");
        return DefaultLimit;
    }

    /// <summary>An instant, in UTC.</summary>
    public DateTimeOffset? Instant(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (TryParseInstant(value, out var instant))
            return instant.ToUniversalTime();
        Add(name, InstantHelp);
        return null;
    }

    /// <summary>A time range: <paramref name="from"/> inclusive, <paramref name="to"/> exclusive.</summary>
    public (DateTimeOffset? From, DateTimeOffset? To) Range(string? from, string? to)
    {
        var start = Instant("from", from);
        var end = Instant("to", to);
        if (start is { } s && end is { } e && e <= s)
            Add("to", "must be after from");
        return (start, end);
    }

    /// <summary>One or more of <paramref name="allowed"/>, separated by commas, in any letter case.</summary>
    public IReadOnlyList<string> AnyOf(string name, string? value, IReadOnlyList<string> allowed, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
            return [];
        var chosen = new List<string>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var known = allowed.FirstOrDefault(a => string.Equals(a, part, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                Add(name, $"'{part}' is not {what}: use {string.Join(", ", allowed)} (several separated by commas)");
                return [];
            }

            chosen.Add(known);
        }

        return chosen.Distinct().ToList();
    }

    /// <summary>One of <paramref name="allowed"/>, in any letter case.</summary>
    public string? OneOf(string name, string? value, IReadOnlyList<string> allowed, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var known = allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase));
        if (known is null)
            Add(name, $"'{value}' is not {what}: use one of {string.Join(", ", allowed)}");
        return known;
    }

    /// <summary>Free text matched exactly (job type, owner).</summary>
    public string? Text(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (value.Length <= MaxTextLength)
            return value;
        Add(name, $"must be at most {MaxTextLength} characters");
        return null;
    }

    /// <summary>A listing's order (see <see cref="JobSort"/>); the default when absent.</summary>
    public JobSort Sort(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return JobSort.Default;
        if (JobSort.Parse(value.Trim()) is { } sort)
            return sort;
        Add("sort", $"'{value}' is not an order: use one of {string.Join(", ", JobSort.Fields)}, with a leading '-' for descending");
        return JobSort.Default;
    }

    /// <summary>Tags as <c>key:value</c>, several separated by commas; every one must match.</summary>
    public IReadOnlyDictionary<string, string>? Tags(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || part.Length > MaxTextLength)
            {
                Add("tag", $"'{part}' is not a tag: write key:value (at most {MaxTextLength} characters), several separated by commas");
                return null;
            }

            tags[part[..colon].Trim()] = part[(colon + 1)..].Trim();
        }

        return tags;
    }

    public bool? Boolean(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (bool.TryParse(value, out var flag))
            return flag;
        Add(name, "must be true or false");
        return null;
    }

    /// <summary>A continuation token of the route's own kind of listing (its key parses with <paramref name="keyIsValid"/>).</summary>
    public Continuation? Continuation(string? value, Func<Continuation, bool> keyIsValid)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (ReadModel.Continuation.TryDecode(value, out var continuation) && keyIsValid(continuation))
            return continuation;
        Add("continuation", "is not a continuation this route returned: pass the previous page's 'continuation' unchanged, with the same filters");
        return null;
    }

    /// <summary>The relative URL of the next page: this request's path and query with the continuation replaced.</summary>
    public static string? NextLink(HttpRequest request, string? continuation)
    {
        if (continuation is null)
            return null;
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => !string.Equals(p.Key, "continuation", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new KeyValuePair<string, string?>("continuation", continuation));
        return $"{request.PathBase}{request.Path}{QueryString.Create(query)}";
    }
}
