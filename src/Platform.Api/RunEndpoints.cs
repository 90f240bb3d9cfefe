using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Api.ReadModel;
using Platform.Scheduling.Schema;

namespace Platform.Api;

/// <summary><c>GET /api/runs</c> and <c>/api/runs/{runId}</c>: the run history across jobs.</summary>
public static class RunEndpoints
{
    // The run listings' shared parameters (GET /api/runs and GET /api/jobs/{id}/runs), described once.
    internal const string StateHelp = "WaitingForDependencies, Queued, Running, RetryScheduled, Succeeded, DeadLettered, TimedOut, Cancelled or " +
        "Skipped; several separated by commas.";

    internal const string FromHelp = "Runs scheduled at or after this ISO 8601 instant.";

    internal const string ToHelp = "Runs scheduled before this ISO 8601 instant.";

    public static IEndpointRouteBuilder MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("Runs");
        runs.MapGet("/", List)
            .WithName("ListRuns")
            .WithSummary("The run history, by job, job type, cause, state and time range")
            .WithDescription("The range applies to the occurrence each run is for (scheduledFor): from inclusive, to exclusive. Newest " +
                "first; at most limit items (1-1000, default 100); when there are more, 'continuation' (and the ready-made 'next' URL) " +
                "fetch the next page. Finished runs are kept for Platform:Scheduler:HistoryRetention (30 days by default). 400 with a " +
                "problem-details body naming each bad parameter.");
        runs.MapGet("/{runId}", Get)
            .WithName("GetRun")
            .WithSummary("One run: its state, times, attempts, worker, error and the definition it runs")
            .WithDescription("404 with a problem-details body when no such run is known (or it was deleted by retention).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<Results<Ok<Page<RunSummary>>, ValidationProblem>> List(
        [Description("Only runs of this job (a GUID).")] string? jobId,
        [Description("Only runs of exactly this job type.")] string? jobType,
        [Description("Only runs with exactly this cause, such as 'backfill' or 'on time'.")] string? cause,
        [Description(StateHelp)] string? state,
        [Description(FromHelp)] string? from,
        [Description(ToHelp)] string? to,
        [Description("Page size, 1-1000; 100 when absent.")] string? limit,
        [Description("The 'continuation' of the previous page.")] string? continuation,
        SchedulerHistory history,
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var query = Query(parameters, parameters.Id("jobId", jobId), state, from, to, limit, continuation)
            with { JobType = parameters.Text("jobType", jobType), Cause = parameters.Text("cause", cause) };
        if (parameters.HasErrors)
            return parameters.ToProblem("The run history request is invalid");

        var page = await history.ListRunsAsync(query, cancellationToken);
        return TypedResults.Ok(page with { Next = QueryParameters.NextLink(request, page.Continuation) });
    }

    static Task<Results<Ok<RunDetail>, ValidationProblem, ProblemHttpResult>> Get(
        [Description("The run id (a GUID).")] string runId,
        SchedulerHistory history,
        CancellationToken cancellationToken) =>
        QueryParameters.FindAsync("runId", runId, "run", id => history.GetRunAsync(id, cancellationToken), UnknownRun);

    internal static RunQuery Query(QueryParameters parameters, Guid? jobId, string? state, string? from, string? to, string? limit, string? continuation)
    {
        var states = parameters.AnyOf("state", state, RunStates.All, "a run state");
        var (start, end) = parameters.Range(from, to);
        return new RunQuery(jobId, states, start, end, parameters.Limit(limit), parameters.Continuation(continuation, c => c.TryGetGuid(out _)));
    }

    internal static ProblemHttpResult UnknownRun(Guid runId) =>
        TypedResults.Problem(title: "Unknown run", detail: $"No run {runId} is known (or it was deleted by retention).",
            statusCode: StatusCodes.Status404NotFound);
}
