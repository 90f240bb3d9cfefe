using System.ComponentModel;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Api.ReadModel;
using Platform.Contracts;
using Platform.Scheduling.Backfill;
using Platform.Messaging;

namespace Platform.Api.Commands;

/// <summary><c>POST /api/jobs/{jobId}/backfill</c>: run a job's occurrences of a past range (BackfillJob), previewed first.</summary>
public static class BackfillEndpoints
{
    static readonly JsonSerializerOptions DefinitionFormat = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapBackfillEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/jobs/{jobId}/backfill", Backfill)
            .WithTags("Jobs")
            .WithName("BackfillJob")
            .Accepts<BackfillRequest>("application/json")
            .WithSummary("Backfill a job: run its occurrences of a past time range, each as a run with cause 'backfill'")
            .WithDescription($"The occurrences of the job's current trigger in [from, to), computed as the scheduler will (at most " +
                $"{BackfillPlan.MaxOccurrences}). With dryRun: 200 with their count and instants, nothing sent. Otherwise publishes BackfillJob " +
                "and answers 202 with the same; the scheduler runs them under the job's overlap policy (Allow: all at once; Skip and Queue: " +
                "one after another) and audits the command. 400 naming each bad field (to in the future, a range with no occurrence or " +
                "too many, an event-triggered job); 404 for an unknown job; 409 when the job is not Active.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    static async Task<Results<Ok<BackfillResult>, Accepted<BackfillResult>, ValidationProblem, ProblemHttpResult>> Backfill(
        [Description("The job id (a GUID).")] string jobId,
        HttpRequest request,
        SchedulerHistory history,
        IPublishEndpoint bus,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!RequestBody.HasAcceptableContentType(request))
            return CommandEndpoints.UnsupportedMediaType();
        var parameters = new QueryParameters();
        var id = parameters.RequiredId("jobId", jobId);
        var sender = ApiSender.Of(request, parameters);
        var body = await RequestBody.ReadAsync<BackfillRequest>(request, required: true, parameters, cancellationToken);
        if (parameters.HasErrors || body is null)
            return parameters.ToProblem("The BackfillJob request is invalid");
        if (await history.GetJobAsync(id, cancellationToken) is not { } job)
            return JobEndpoints.UnknownJob(id);
        if (job.State != "Active")
        {
            return TypedResults.Problem(title: "The job cannot be backfilled",
                detail: $"Job {id} is {job.State}: only an Active job is backfilled (resume it first).", statusCode: StatusCodes.Status409Conflict);
        }

        var definition = job.Definition.Deserialize<ScheduleJob>(DefinitionFormat) ?? new ScheduleJob();
        var (errors, occurrences) = BackfillPlan.Check(definition, job.UpdatedAt, body.From, body.To, clock.GetUtcNow());
        foreach (var error in errors)
            parameters.Add(error.Field, error.Message);
        if (parameters.HasErrors)
            return parameters.ToProblem("The BackfillJob request is invalid");

        if (body.DryRun)
            return TypedResults.Ok(new BackfillResult(id, occurrences.Count, occurrences, Sent: false, sender));
        await bus.Publish(new BackfillJob { JobId = id, From = body.From, To = body.To, Reason = body.Reason },
            x => x.Headers.Set(PlatformHeaders.Sender, sender), cancellationToken);
        return TypedResults.Accepted($"/api/runs?jobId={id}&cause=backfill", new BackfillResult(id, occurrences.Count, occurrences, Sent: true, sender));
    }
}
