using Platform.Client;
using Platform.Contracts;

namespace Samples.Publisher;

/// <summary>Schedules report jobs (job type <c>reports.build</c>, run by whichever service handles that type).</summary>
public static class ReportEndpoints
{
    const string JobType = "reports.build";

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        // One report, now or at a time: waits for the scheduler's answer, so the caller learns of a rejection at once.
        app.MapPost("/reports", async (ReportOrder order, IJobScheduler jobs, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var job = JobDefinitions.Create(JobType, new ReportRequest(order.Region), JobTriggers.OnceAt(order.At ?? clock.GetUtcNow())) with
            {
                Priority = order.Priority ?? 5,
                Owner = "samples.publisher",
            };
            return await ScheduleAsync(jobs, job, cancellationToken);
        });

        // A report on a cron schedule in the caller's time zone.
        app.MapPost("/reports/schedules", async (ReportSchedule schedule, IJobScheduler jobs, CancellationToken cancellationToken) =>
        {
            var job = JobDefinitions.Create(JobType, new ReportRequest(schedule.Region), JobTriggers.Cron(schedule.Cron, schedule.TimeZone)) with
            {
                Owner = "samples.publisher",
            };
            return await ScheduleAsync(jobs, job, cancellationToken);
        });

        app.MapDelete("/reports/schedules/{jobId:guid}", async (Guid jobId, IJobScheduler jobs, CancellationToken cancellationToken) =>
        {
            await jobs.CancelAsync(jobId, "cancelled through the samples publisher", cancellationToken);
            return Results.Accepted();
        });
        return app;
    }

    static async Task<IResult> ScheduleAsync(IJobScheduler jobs, ScheduleJob job, CancellationToken cancellationToken)
    {
        try
        {
            var accepted = await jobs.ScheduleAndWaitAsync(job, cancellationToken: cancellationToken);
            return Results.Created($"/reports/{accepted.JobId}", new { accepted.JobId, accepted.Version, accepted.NextRunAt });
        }
        catch (JobRejectedException rejected)
        {
            return Results.ValidationProblem(rejected.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: rejected.ByScheduler ? "The scheduler rejected the job" : "The job is invalid");
        }
        catch (TimeoutException timeout)
        {
            return Results.Problem(timeout.Message, statusCode: StatusCodes.Status504GatewayTimeout);
        }
    }
}
