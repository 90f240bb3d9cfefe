using System.ComponentModel;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.Api.Authentication;
using Platform.Api.ReadModel;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Scheduling.Schema;
using Platform.Scheduling.Validation;

namespace Platform.Api.Commands;

/// <summary>
/// Commands over HTTP: each route publishes the platform's contract on the bus, on behalf of the API user (the audit
/// trail's sender, see <see cref="ApiSender"/>; an Operator key once keys are configured), and answers 202 Accepted once
/// the broker has it. The scheduler decides what comes of it, as for any other publisher.
/// </summary>
public static class CommandEndpoints
{
    const string UserNote = " The sender recorded in the audit trail is 'api:' and the user of the caller's API key when keys are " +
        "configured (an Operator key is needed; X-Platform-User is then ignored), otherwise 'api:' and the X-Platform-User request " +
        "header, or 'api' without one.";

    public static IEndpointRouteBuilder MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/jobs", Schedule)
            .WithTags("Jobs")
            .WithName("ScheduleJob")
            .Accepts<ScheduleJob>("application/json")
            .WithSummary("Schedule a job: create it, or replace its definition")
            .WithDescription("Checks the body with the scheduler's own validator (every field error at once, and parents in dependsOn " +
                "that the scheduler does not know) and answers 400 with the field errors, or publishes it as a ScheduleJob (the contract's " +
                "JSON, exactly as a service would publish it) and answers 202 Accepted with the job id and its URL. The job appears at " +
                "GET /api/jobs/{jobId} once the scheduler has accepted it (JobAccepted on the bus); what only the scheduler can decide (a " +
                "dependency cycle) is still rejected there, with JobRejected and a record at GET /api/audit?jobId={jobId}. 415 for a body " +
                "that is not application/json. jobId may be left out: the API then assigns one (send your own so that a retried " +
                "request repeats the same job instead of creating another)." + UserNote)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapPost("/api/jobs/batch", ScheduleBatch)
            .WithTags("Jobs")
            .WithName("ScheduleJobs")
            .Accepts<ScheduleJobs>("application/json")
            .WithSummary("Schedule many jobs at once (bulk intake)")
            .WithDescription($"Checks each job of the body ({{ \"jobs\": [ScheduleJob, ...] }}, 1-{ScheduleJobValidator.MaxJobsPerBatch}) with the " +
                "scheduler's own validator, publishes the valid ones as one ScheduleJobs message (each is then accepted or rejected on " +
                "its own, with its own JobAccepted or JobRejected) and answers 202 Accepted with the ids sent and, for each invalid job, " +
                "its index, id and field errors (they are not sent). 400 when the body holds no job, too many, or none valid. A job " +
                "without jobId gets one." + UserNote)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        var job = app.MapGroup("/api/jobs/{jobId}").WithTags("Jobs");
        MapJobCommand(job, "cancel", "CancelJob", "Cancel a job for good (a running run is cancelled)",
            (id, reason) => new CancelJob { JobId = id, Reason = reason });
        MapJobCommand(job, "pause", "PauseJob", "Pause a job (occurrences due meanwhile follow its misfire policy on resume)",
            (id, reason) => new PauseJob { JobId = id, Reason = reason });
        MapJobCommand(job, "resume", "ResumeJob", "Resume a paused job",
            (id, reason) => new ResumeJob { JobId = id, Reason = reason });
        MapJobCommand(job, "trigger", "TriggerJobNow", "Run a job once now, outside its schedule",
            (id, reason) => new TriggerJobNow { JobId = id, Reason = reason });

        app.MapPost("/api/runs/{runId}/replay", Replay)
            .WithTags("Runs")
            .WithName("ReplayJobRun")
            .Accepts<ReplayRunRequest>(isOptional: true, "application/json")
            .WithSummary("Replay a dead-lettered or timed-out run")
            .WithDescription("Publishes ReplayJobRun for the run (its job id and job type read from the run history): the scheduler " +
                "dispatches it again as attempt 1 of the next replay, with the body's replacements (payload, priority, retry, timeout) " +
                "when given. The command names the replay it saw dead-lettered, so a request sent twice replays once (the second is " +
                "rejected in the audit trail). 404 when the run is unknown, 409 when it is not DeadLettered or TimedOut." + UserNote)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    /// <summary>A command request's sender and JSON body (the caller has checked its content type); every problem with either
    /// is in the returned parameters, for the caller to add its own and answer 400 with all of them.</summary>
    static async Task<(QueryParameters Parameters, string Sender, T? Body)> ReadCommandAsync<T>(HttpRequest request, bool required,
        CancellationToken cancellationToken)
        where T : class
    {
        var parameters = new QueryParameters();
        var sender = ApiSender.Of(request, parameters);
        return (parameters, sender, await RequestBody.ReadAsync<T>(request, required, parameters, cancellationToken));
    }

    static async Task<Results<Accepted<CommandAccepted>, ValidationProblem, ProblemHttpResult>> Schedule(
        HttpRequest request,
        IPublishEndpoint bus,
        SchedulerHistory history,
        OwnerScope scope,
        IOptions<PlatformApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (!RequestBody.HasAcceptableContentType(request))
            return UnsupportedMediaType();
        var (parameters, sender, job) = await ReadCommandAsync<ScheduleJob>(request, required: true, cancellationToken);
        if (parameters.HasErrors || job is null)
            return parameters.ToProblem("The ScheduleJob request is invalid");

        if (job.JobId == Guid.Empty)
            job = job with { JobId = Guid.NewGuid() };
        foreach (var error in ScheduleJobValidator.Validate(job, options.Value.MaxPayloadBytes))
            parameters.Add(error.Field, error.Message);
        if (!parameters.HasErrors && job.DependsOn is { Count: > 0 } parents
            && await history.UnknownJobsAsync(parents, cancellationToken) is { Count: > 0 } unknown)
            parameters.Add("dependsOn", $"unknown job(s): {string.Join(", ", unknown)}; schedule the parents first");
        if (parameters.HasErrors)
            return parameters.ToProblem("The ScheduleJob is invalid");
        if (OwnerError(scope, job, await history.OwnedElsewhereAsync([job.JobId], scope, cancellationToken)) is { } notOurs)
            return TypedResults.Problem(title: "Not a job of this API key's owners", detail: notOurs, statusCode: StatusCodes.Status403Forbidden);
        await bus.Publish(job, x => x.Headers.Set(PlatformHeaders.Sender, sender), cancellationToken);
        return TypedResults.Accepted($"/api/jobs/{job.JobId}", new CommandAccepted(nameof(ScheduleJob), job.JobId, null, sender));
    }

    static async Task<Results<Accepted<BatchAccepted>, ValidationProblem, ProblemHttpResult>> ScheduleBatch(
        HttpRequest request,
        IPublishEndpoint bus,
        SchedulerHistory history,
        OwnerScope scope,
        IOptions<PlatformApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (!RequestBody.HasAcceptableContentType(request))
            return UnsupportedMediaType();
        var (parameters, sender, batch) = await ReadCommandAsync<ScheduleJobs>(request, required: true, cancellationToken);
        if (parameters.HasErrors || batch is null)
            return parameters.ToProblem("The ScheduleJobs request is invalid");
        foreach (var error in ScheduleJobValidator.ValidateBatch(batch))
            parameters.Add(error.Field, error.Message);
        if (parameters.HasErrors)
            return parameters.ToProblem("The ScheduleJobs request is invalid");

        var jobs = batch.Jobs.Select(j => j.JobId == Guid.Empty ? j with { JobId = Guid.NewGuid() } : j).ToList();
        var unknown = await history.UnknownJobsAsync(jobs.SelectMany(j => j.DependsOn ?? []).Distinct().ToList(), cancellationToken);
        var ownedElsewhere = await history.OwnedElsewhereAsync(jobs.Select(j => j.JobId).ToList(), scope, cancellationToken);
        var valid = new List<ScheduleJob>();
        var rejected = new List<BatchRejection>();
        for (var i = 0; i < jobs.Count; i++)
        {
            var errors = ScheduleJobValidator.Validate(jobs[i], options.Value.MaxPayloadBytes).ToList();
            if (errors.Count == 0 && (jobs[i].DependsOn ?? []).Where(unknown.Contains).ToList() is { Count: > 0 } missing)
                errors.Add(new FieldError { Field = "dependsOn", Message = $"unknown job(s): {string.Join(", ", missing)}; schedule the parents first" });
            if (errors.Count == 0 && OwnerError(scope, jobs[i], ownedElsewhere) is { } notOurs)
                errors.Add(new FieldError { Field = "owner", Message = notOurs });
            if (errors.Count == 0)
                valid.Add(jobs[i]);
            else
                rejected.Add(new BatchRejection(i, jobs[i].JobId, errors));
        }

        if (valid.Count == 0)
        {
            foreach (var rejection in rejected)
            {
                foreach (var error in rejection.Errors)
                    parameters.Add($"jobs[{rejection.Index}].{error.Field}", error.Message);
            }

            return parameters.ToProblem("No job of the ScheduleJobs request is valid");
        }

        await bus.Publish(new ScheduleJobs { Jobs = valid }, x => x.Headers.Set(PlatformHeaders.Sender, sender), cancellationToken);
        return TypedResults.Accepted("/api/jobs", new BatchAccepted(valid.Select(j => j.JobId).ToList(), rejected, sender));
    }

    /// <summary>Why a key limited to owners may not schedule <paramref name="job"/> (its owner is not theirs, or its id
    /// names a job of another owner), or null.</summary>
    static string? OwnerError(OwnerScope scope, ScheduleJob job, IReadOnlyList<Guid> ownedElsewhere) => scope.Owners switch
    {
        null => null,
        { } owners when !scope.Allows(job.Owner) =>
            $"this API key schedules jobs of {string.Join(", ", owners)} only; set owner to one of them (it is {(job.Owner is null ? "not set" : $"'{job.Owner}'")})",
        _ when ownedElsewhere.Contains(job.JobId) => $"job {job.JobId} belongs to an owner this API key may not act for",
        _ => null,
    };

    static void MapJobCommand<T>(RouteGroupBuilder group, string verb, string name, string summary, Func<Guid, string?, T> create)
        where T : class =>
        group.MapPost($"/{verb}", (
                    [Description("The job id (a GUID).")] string jobId,
                    HttpRequest request,
                    SchedulerHistory history,
                    IPublishEndpoint bus,
                    CancellationToken cancellationToken) =>
                SendJobCommand(jobId, request, history, bus, create, cancellationToken))
            .WithName(name)
            .Accepts<JobCommandRequest>(isOptional: true, "application/json")
            .WithSummary(summary)
            .WithDescription($"Publishes {name} with the body's reason, when given, and answers 202 Accepted. 404 when the scheduler " +
                "knows no such job (a job POSTed a moment ago is known once the scheduler has accepted it). Whether the command " +
                $"applies in the job's state is the scheduler's decision: see GET /api/jobs/{{jobId}} and GET /api/audit?jobId=.{UserNote}")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    static async Task<Results<Accepted<CommandAccepted>, ValidationProblem, ProblemHttpResult>> SendJobCommand<T>(
        string jobId,
        HttpRequest request,
        SchedulerHistory history,
        IPublishEndpoint bus,
        Func<Guid, string?, T> create,
        CancellationToken cancellationToken)
        where T : class
    {
        if (!RequestBody.HasAcceptableContentType(request))
            return UnsupportedMediaType();
        var (parameters, sender, body) = await ReadCommandAsync<JobCommandRequest>(request, required: false, cancellationToken);
        var id = parameters.RequiredId("jobId", jobId);
        if (parameters.HasErrors)
            return parameters.ToProblem($"The {typeof(T).Name} request is invalid");
        if (!await history.JobExistsAsync(id, cancellationToken))
            return JobEndpoints.UnknownJob(id);

        await bus.Publish(create(id, body?.Reason), x => x.Headers.Set(PlatformHeaders.Sender, sender), cancellationToken);
        return TypedResults.Accepted($"/api/jobs/{id}", new CommandAccepted(typeof(T).Name, id, null, sender));
    }

    static async Task<Results<Accepted<CommandAccepted>, ValidationProblem, ProblemHttpResult>> Replay(
        [Description("The run id (a GUID).")] string runId,
        HttpRequest request,
        SchedulerHistory history,
        IPublishEndpoint bus,
        CancellationToken cancellationToken)
    {
        if (!RequestBody.HasAcceptableContentType(request))
            return UnsupportedMediaType();
        var (parameters, sender, body) = await ReadCommandAsync<ReplayRunRequest>(request, required: false, cancellationToken);
        var id = parameters.RequiredId("runId", runId);
        if (body?.Priority is < 0 or > PlatformTopology.MaxPriority)
            parameters.Add("priority", $"must be 0-{PlatformTopology.MaxPriority} (9 runs first)");
        if (parameters.HasErrors)
            return parameters.ToProblem("The ReplayJobRun request is invalid");

        var run = await history.GetRunAsync(id, cancellationToken);
        if (run is null)
            return RunEndpoints.UnknownRun(id);
        if (!RunStates.Replayable.Contains(run.State))
        {
            return TypedResults.Problem(title: "The run cannot be replayed",
                detail: $"Only a run that is {string.Join(" or ", RunStates.Replayable)} can be replayed; run {id} is {run.State}.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var replay = new ReplayJobRun
        {
            RunId = id,
            JobId = run.JobId,
            JobType = run.JobType,
            Replay = run.Replay,
            Reason = body?.Reason ?? $"replayed by {sender}",
            Payload = body?.Payload,
            Priority = body?.Priority,
            Retry = body?.Retry,
            Timeout = body?.Timeout,
        };
        await bus.Publish(replay, x => x.Headers.Set(PlatformHeaders.Sender, sender), cancellationToken);
        return TypedResults.Accepted($"/api/runs/{id}", new CommandAccepted(nameof(ReplayJobRun), run.JobId, id, sender));
    }

    internal static ProblemHttpResult UnsupportedMediaType() =>
        TypedResults.Problem(title: "Unsupported media type", detail: "Send the body as JSON, with Content-Type: application/json.",
            statusCode: StatusCodes.Status415UnsupportedMediaType);
}
