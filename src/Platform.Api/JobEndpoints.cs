using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Api.ReadModel;
using Platform.Scheduling.Schema;
using Platform.Triggers;

namespace Platform.Api;

/// <summary><c>GET /api/jobs</c>, <c>/api/jobs/{jobId}</c>, its runs and its fire log.</summary>
public static class JobEndpoints
{
    const string Paging = "Newest first; at most limit items (1-1000, default 100); when there are more, 'continuation' (and the " +
        "ready-made 'next' URL) fetch the next page. Instants are ISO 8601 with an offset (write + as %2B in a URL). 400 with a " +
        "problem-details body naming each bad parameter.";

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("Jobs");
        jobs.MapGet("/", List)
            .WithName("ListJobs")
            .WithSummary("Jobs, filtered by state, job type, owner, tags and text, in any order")
            .WithDescription("Newest created first unless sort says otherwise; 'total' counts every job that matches the filters. " + Paging);
        jobs.MapGet("/{jobId}", Get)
            .WithName("GetJob")
            .WithSummary("One job: state, version, definition, next run, last run outcome")
            .WithDescription("404 with a problem-details body when the scheduler knows no such job (a job POSTed a moment ago appears " +
                "once the scheduler has accepted it; a rejected one never does: see /api/audit?jobId=).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapGet("/{jobId}/runs", ListRuns)
            .WithName("ListJobRuns")
            .WithTags("Runs")
            .WithSummary("The run history of one job, by state and time range")
            .WithDescription("The range applies to the occurrence each run is for (scheduledFor): from inclusive, to exclusive. " + Paging +
                " 404 when the job is unknown.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapGet("/{jobId}/fires", ListFires)
            .WithName("ListJobFires")
            .WithSummary("The fire log of one job: each occurrence fired on time, late (misfired, caught up) or missed")
            .WithDescription("The range applies to the occurrence (scheduledFor): from inclusive, to exclusive. The fire log is kept " +
                "for Platform:Triggers:FireLogRetention (30 days by default). " + Paging + " 404 when the job is unknown.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<Results<Ok<Page<JobSummary>>, ValidationProblem>> List(
        [Description("Active, Paused, Completed or Cancelled; several separated by commas.")] string? state,
        [Description("Only jobs of exactly this type.")] string? jobType,
        [Description("Only jobs of exactly this owner.")] string? owner,
        [Description("Only jobs with every one of these tags, as key:value; several separated by commas.")] string? tag,
        [Description("Only jobs whose id, type or owner contains this text (any letter case).")] string? q,
        [Description("The order: createdAt, updatedAt, nextRunAt, jobType, state or owner, ascending, or descending with a leading '-'; " +
            "-createdAt when absent.")] string? sort,
        [Description("Page size, 1-1000; 100 when absent.")] string? limit,
        [Description("The 'continuation' of the previous page.")] string? continuation,
        SchedulerHistory history,
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var order = parameters.Sort(sort);
        var query = new JobQuery(
            parameters.AnyOf("state", state, JobStates.All, "a job state"),
            parameters.Text("jobType", jobType),
            parameters.Text("owner", owner),
            parameters.Limit(limit),
            parameters.Continuation(continuation, c => order.IsDefault ? c.TryGetGuid(out _) : c.TryGetInt64(out _)),
            parameters.Tags(tag),
            parameters.Text("q", q),
            order);
        if (parameters.HasErrors)
            return parameters.ToProblem("The job listing request is invalid");

        var page = await history.ListJobsAsync(query, cancellationToken);
        return TypedResults.Ok(page with { Next = QueryParameters.NextLink(request, page.Continuation) });
    }

    static Task<Results<Ok<JobDetail>, ValidationProblem, ProblemHttpResult>> Get(
        [Description("The job id (a GUID).")] string jobId,
        SchedulerHistory history,
        CancellationToken cancellationToken) =>
        QueryParameters.FindAsync("jobId", jobId, "job", id => history.GetJobAsync(id, cancellationToken), UnknownJob);

    static async Task<Results<Ok<Page<RunSummary>>, ValidationProblem, ProblemHttpResult>> ListRuns(
        [Description("The job id (a GUID).")] string jobId,
        [Description(RunEndpoints.StateHelp)] string? state,
        [Description(RunEndpoints.FromHelp)] string? from,
        [Description(RunEndpoints.ToHelp)] string? to,
        [Description("Page size, 1-1000; 100 when absent.")] string? limit,
        [Description("The 'continuation' of the previous page.")] string? continuation,
        SchedulerHistory history,
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var id = parameters.RequiredId("jobId", jobId);
        var query = RunEndpoints.Query(parameters, id, state, from, to, limit, continuation);
        if (parameters.HasErrors)
            return parameters.ToProblem("The run history request is invalid");
        if (!await history.JobExistsAsync(id, cancellationToken))
            return UnknownJob(id);

        var page = await history.ListRunsAsync(query, cancellationToken);
        return TypedResults.Ok(page with { Next = QueryParameters.NextLink(request, page.Continuation) });
    }

    static async Task<Results<Ok<Page<FireEntry>>, ValidationProblem, ProblemHttpResult>> ListFires(
        [Description("The job id (a GUID).")] string jobId,
        [Description("OnTime, Misfired, CaughtUp, Missed or Coalesced; several separated by commas.")] string? kind,
        [Description("Occurrences at or after this ISO 8601 instant.")] string? from,
        [Description("Occurrences before this ISO 8601 instant.")] string? to,
        [Description("Page size, 1-1000; 100 when absent.")] string? limit,
        [Description("The 'continuation' of the previous page.")] string? continuation,
        SchedulerHistory history,
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var id = parameters.RequiredId("jobId", jobId);
        var kinds = parameters.AnyOf("kind", kind, Enum.GetNames<FireKind>(), "a fire kind");
        var (start, end) = parameters.Range(from, to);
        var query = new FireQuery(id, kinds, start, end, parameters.Limit(limit), parameters.Continuation(continuation, c => c.Key == id.ToString("D")));
        if (parameters.HasErrors)
            return parameters.ToProblem("The fire log request is invalid");
        if (!await history.JobExistsAsync(id, cancellationToken))
            return UnknownJob(id);

        var page = await history.ListFiresAsync(query, cancellationToken);
        return TypedResults.Ok(page with { Next = QueryParameters.NextLink(request, page.Continuation) });
    }

    internal static ProblemHttpResult UnknownJob(Guid jobId) =>
        TypedResults.Problem(title: "Unknown job", detail: $"The scheduler knows no job {jobId}.", statusCode: StatusCodes.Status404NotFound);
}
