using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Api.Workers;

/// <summary><c>GET /api/workers</c>: the worker processes, as they announce themselves on the bus.</summary>
public static class WorkerEndpoints
{
    public static IEndpointRouteBuilder MapWorkerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/workers", List)
            .WithTags("Workers")
            .WithName("ListWorkers")
            .WithSummary("Worker processes: the job types each handles, slots in use, breakers, last heartbeat")
            .WithDescription("From the WorkerAnnounced events each worker publishes every few seconds (Platform:Worker:Announcements:Interval); " +
                "the API never calls a worker. A worker not heard of for 3 of its intervals is Silent; one that said it is shutting down is " +
                "Stopping. Workers are forgotten Platform:Api:Dashboard:ForgetWorkersAfter (15 minutes) after their last announcement. " +
                "An API process that just started knows the workers that announced themselves since.");
        return app;
    }

    static Ok<IReadOnlyList<WorkerStatus>> List(WorkerRegistry registry) => TypedResults.Ok(registry.Snapshot());
}
