using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Worker.Ledger;
using Platform.Worker.Reliability;

namespace Platform.Worker;

/// <summary>The worker's operator endpoints, for ASP.NET Core hosts of a service that called <c>AddPlatformWorker</c>.</summary>
public static class PlatformWorkerEndpoints
{
    /// <summary>Maps <c>GET /worker/breakers</c> (each job type's circuit breaker in this process) and
    /// <c>GET /worker/dead-letters?limit=n</c> (dead-lettered runs kept for replay, newest first), behind the keys of
    /// <c>Platform:Worker:Endpoints:KeyHashes</c> (<c>Authorization: Bearer &lt;key&gt;</c>; open, with a warning at
    /// start, while none is configured). Returns the group, so a host can add its own authorisation too.</summary>
    /// <param name="app">The host's routes.</param>
    public static RouteGroupBuilder MapPlatformWorker(this IEndpointRouteBuilder app)
    {
        var keys = new WorkerEndpointKeys(app.ServiceProvider.GetRequiredService<IConfiguration>(),
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.Worker.Endpoints"));
        var group = app.MapGroup("/worker");
        group.AddEndpointFilter(keys);
        group.MapGet("/breakers", (JobTypeBreakers breakers) => TypedResults.Ok(breakers.Snapshots().Select(s => new
        {
            s.JobType,
            State = s.State.ToString(),
            s.FailuresInWindow,
            s.OpenUntil,
            s.ProbesInFlight,
        })));
        group.MapGet("/dead-letters", async (IRunLedger ledger, int? limit, CancellationToken cancellationToken) =>
            TypedResults.Ok((await ledger.ListDeadLettersAsync(Math.Clamp(limit ?? 100, 1, 1000), cancellationToken)).Select(d => new
            {
                d.Run.RunId,
                d.Run.JobId,
                d.Run.JobType,
                d.Run.Replay,
                d.Run.Attempt,
                d.Error,
                d.DeadLetteredAt,
                d.ReplayedAt,
                d.ReplayedAs,
                d.ReplayReason,
            })));
        return group;
    }
}
