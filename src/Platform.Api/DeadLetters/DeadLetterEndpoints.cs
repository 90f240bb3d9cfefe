using System.ComponentModel;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Api.Commands;
using Platform.Api.ReadModel;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Scheduling.Schema;

namespace Platform.Api.DeadLetters;

/// <summary>
/// Dead letters: the runs that gave up (DeadLettered) or timed out, grouped by job type and error, and their replay in
/// bulk: by ids, or every one matching a filter, with a preview of the count first. Each replay is one ReplayJobRun,
/// audited like the single replay of <c>POST /api/runs/{runId}/replay</c>.
/// </summary>
public static class DeadLetterEndpoints
{
    // Errors are grouped with their ids and numbers masked ("attempt <n> of run <id> failed"), so that one cause makes one
    // group; PostgreSQL applies the patterns (regexp_replace).
    const string IdPattern = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    const string NumberPattern = "[0-9]+";

    /// <summary>The most runs one bulk replay sends: narrow the filter for more.</summary>
    public const int MaxReplay = QueryParameters.MaxLimit;

    public static IEndpointRouteBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dead-letters", Groups)
            .WithTags("Dead letters")
            .WithName("ListDeadLetterGroups")
            .WithSummary("Dead-lettered and timed-out runs, grouped by job type and error, largest group first")
            .WithDescription("Errors are grouped with ids (GUIDs) and numbers masked as <id> and <n>, so one cause makes one group; " +
                "the group's error, as shown, is the 'error' filter of POST /api/dead-letters/replay. The runs themselves: " +
                "GET /api/runs?state=DeadLettered,TimedOut&jobType=. 'total' counts the runs of every group.");
        return app;
    }

    /// <summary>The replay route needs the Operator policy: mapped with the commands.</summary>
    public static IEndpointRouteBuilder MapDeadLetterCommands(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/dead-letters/replay", Replay)
            .WithTags("Dead letters")
            .WithName("ReplayDeadLetters")
            .Accepts<DeadLetterReplayRequest>("application/json")
            .WithSummary("Replay dead-lettered runs in bulk: by ids or by filter, previewed first")
            .WithDescription($"With dryRun, answers 200 with the count and ids of the runs that would be replayed and sends nothing. " +
                $"Otherwise publishes one ReplayJobRun per run (at most {MaxReplay}: 400 beyond, narrow the filter) and answers 202. With " +
                "expectedCount (the preview's count), nothing is sent when the runs now matching are not as many (409): preview again. " +
                "Runs named by id that are not DeadLettered or TimedOut are 409 too.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    static async Task<Results<Ok<Page<DeadLetterGroup>>, ValidationProblem>> Groups(
        [Description("Only runs of exactly this job type.")] string? jobType,
        [Description("Runs that ended at or after this ISO 8601 instant.")] string? from,
        [Description("Runs that ended before this ISO 8601 instant.")] string? to,
        SchedulerReadDbContext db,
        CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var (start, end) = parameters.Range(from, to);
        var type = parameters.Text("jobType", jobType);
        if (parameters.HasErrors)
            return parameters.ToProblem("The dead-letter request is invalid");

        var rows = await Matching(db, new DeadLetterReplayRequest { JobType = type, From = start, To = end })
            .GroupBy(r => new { r.JobType, Error = Regex.Replace(Regex.Replace(r.Error ?? "", IdPattern, "<id>"), NumberPattern, "<n>") })
            .Select(g => new { g.Key.JobType, g.Key.Error, Count = g.Count(), FirstAt = g.Min(r => r.FinishedAt), LastAt = g.Max(r => r.FinishedAt) })
            .OrderByDescending(g => g.Count).ThenBy(g => g.JobType)
            .Take(QueryParameters.MaxLimit)
            .ToListAsync(cancellationToken);
        var groups = rows.Select(g => new DeadLetterGroup(g.JobType, g.Error, g.Count, g.FirstAt, g.LastAt)).ToList();
        return TypedResults.Ok(new Page<DeadLetterGroup>(groups, null) { Total = groups.Sum(g => g.Count) });
    }

    static async Task<Results<Ok<DeadLetterReplayResult>, Accepted<DeadLetterReplayResult>, ValidationProblem, ProblemHttpResult>> Replay(
        HttpRequest request,
        SchedulerReadDbContext db,
        IPublishEndpoint bus,
        CancellationToken cancellationToken)
    {
        if (!RequestBody.HasAcceptableContentType(request))
            return CommandEndpoints.UnsupportedMediaType();
        var parameters = new QueryParameters();
        var sender = ApiSender.Of(request, parameters);
        var body = await RequestBody.ReadAsync<DeadLetterReplayRequest>(request, required: true, parameters, cancellationToken);
        if (body is { From: { } f, To: { } t } && t <= f)
            parameters.Add("to", "must be after from");
        if (body?.RunIds is { Count: > MaxReplay })
            parameters.Add("runIds", $"at most {MaxReplay} runs at once");
        if (parameters.HasErrors || body is null)
            return parameters.ToProblem("The dead-letter replay request is invalid");

        if (body.RunIds is { Count: > 0 } ids)
        {
            var found = await db.Runs.Where(r => ids.Contains(r.RunId)).Select(r => new { r.RunId, r.CurrentState }).ToListAsync(cancellationToken);
            var notReplayable = ids.Except(found.Where(r => RunStates.Replayable.Contains(r.CurrentState)).Select(r => r.RunId)).ToList();
            if (notReplayable.Count > 0)
            {
                return TypedResults.Problem(title: "Some runs cannot be replayed",
                    detail: $"Only runs that are {string.Join(" or ", RunStates.Replayable)} can be replayed; these are not " +
                        $"(or are unknown): {string.Join(", ", notReplayable)}.",
                    statusCode: StatusCodes.Status409Conflict);
            }
        }

        var runs = await Matching(db, body)
            .OrderBy(r => r.FinishedAt).ThenBy(r => r.RunId)
            .Select(r => new { r.RunId, r.JobId, r.JobType, r.Replay })
            .Take(MaxReplay + 1)
            .ToListAsync(cancellationToken);
        if (runs.Count > MaxReplay)
        {
            parameters.Add("body", $"more than {MaxReplay} runs match: narrow the filter (jobType, error, from, to)");
            return parameters.ToProblem("The dead-letter replay request is invalid");
        }

        var runIds = runs.Select(r => r.RunId).ToList();
        if (body.DryRun)
            return TypedResults.Ok(new DeadLetterReplayResult(runs.Count, runIds, Sent: false, sender));
        if (body.ExpectedCount is { } expected && expected != runs.Count)
        {
            return TypedResults.Problem(title: "The dead letters changed since the preview",
                detail: $"The preview counted {expected} runs; {runs.Count} match now. Nothing was replayed: preview again.",
                statusCode: StatusCodes.Status409Conflict);
        }

        foreach (var run in runs)
        {
            await bus.Publish(new ReplayJobRun
            {
                RunId = run.RunId,
                JobId = run.JobId,
                JobType = run.JobType,
                Replay = run.Replay,
                Reason = body.Reason ?? $"replayed in bulk by {sender}",
                Payload = body.Payload,
            }, x => x.Headers.Set(PlatformHeaders.Sender, sender), cancellationToken);
        }

        return TypedResults.Accepted("/api/dead-letters", new DeadLetterReplayResult(runs.Count, runIds, Sent: true, sender));
    }

    static IQueryable<RunRow> Matching(SchedulerReadDbContext db, DeadLetterReplayRequest filter)
    {
        var runs = db.Runs.Where(r => RunStates.Replayable.Contains(r.CurrentState));
        if (filter.RunIds is { Count: > 0 } ids)
            return runs.Where(r => ids.Contains(r.RunId));
        if (filter.JobType is { } jobType)
            runs = runs.Where(r => r.JobType == jobType);
        if (filter.Error is { } error)
            runs = runs.Where(r => Regex.Replace(Regex.Replace(r.Error ?? "", IdPattern, "<id>"), NumberPattern, "<n>") == error);
        if (filter.From is { } from)
            runs = runs.Where(r => r.FinishedAt >= from);
        if (filter.To is { } to)
            runs = runs.Where(r => r.FinishedAt < to);
        return runs;
    }
}
