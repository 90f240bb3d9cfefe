using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Scheduling;

namespace Platform.Api;

/// <summary><c>GET /api/cron/next</c>: what a cron expression will do, before a job relies on it.</summary>
public static class CronEndpoints
{
    public const int DefaultCount = 10;

    public static IEndpointRouteBuilder MapCronEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cron/next", Next)
            .WithName("GetNextCronOccurrences")
            .WithTags("Cron")
            .WithSummary("The next occurrences of a cron expression")
            .WithDescription("5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, read in an IANA time " +
                "zone with ISC cron's DST rules; the day fields as Vixie/ISC cron: " + CronSchedule.DayFieldsRule + ". Occurrences " +
                "are ISO 8601 with the zone's offset at each instant. 400 with a problem-details body saying what is wrong for a bad " +
                "expression, an unknown time zone, a bad from or count.");
        return app;
    }

    static Results<Ok<CronNextResponse>, ValidationProblem> Next(
        [Description("The cron expression, such as '30 9 * * MON-FRI' or '0 30 9 * * MON-FRI'.")] string? expression,
        [Description("An IANA time zone id such as 'Europe/London'; UTC when absent.")] string? timeZone,
        [Description("An ISO 8601 instant with offset, such as '2030-03-10T00:00:00Z'; occurrences strictly after it. Now when absent.")] string? from,
        [Description("How many occurrences, 1-1000; 10 when absent.")] string? count,
        TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(expression))
            errors["expression"] = ["is required: a cron expression such as '30 9 * * MON-FRI' (URL-encoded)"];
        else if (!CronSchedule.TryParse(expression, null, out _, out var expressionError))
            errors["expression"] = [expressionError];

        var zone = string.IsNullOrEmpty(timeZone) ? null : timeZone;
        if (!CronSchedule.TryFindTimeZone(zone, out var found, out var zoneError))
            errors["timeZone"] = [zoneError];

        var start = clock.GetUtcNow();
        if (from is not null && !QueryParameters.TryParseInstant(from, out start))
            errors["from"] = ["must be an ISO 8601 instant with an offset, such as '2030-03-10T00:00:00Z' or '2030-03-10T00:00:00-05:00' " +
                "(write + as %2B in a URL)"];

        var howMany = DefaultCount;
        if (count is not null && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out howMany)
            || howMany < 1 || howMany > CronPreview.MaxCount))
            errors["count"] = [$"must be a whole number from 1 to {CronPreview.MaxCount}"];

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(
                errors,
                detail: string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")),
                title: "The cron preview request is invalid");
        }

        var occurrences = CronPreview.Next(expression!, zone, start, howMany);
        return TypedResults.Ok(new CronNextResponse(expression!.Trim(), found!.Id, occurrences) { Description = Cron.CronWords.Describe(expression) });
    }
}
