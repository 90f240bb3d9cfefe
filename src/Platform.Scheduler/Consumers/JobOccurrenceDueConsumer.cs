using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Scheduler.Messages;
using Platform.Scheduler.Persistence;

namespace Platform.Scheduler.Consumers;

/// <summary>
/// Turns a due occurrence into a run and hands it to the workers. The run is unique per job and occurrence, so a
/// duplicate fire finds the run it already made; while that run is still queued it is handed out again (the worker
/// ignores a run id it has already executed), so a crash between commit and publish loses nothing.
/// </summary>
public sealed class JobOccurrenceDueConsumer(SchedulerDbContext db, TimeProvider clock, ILogger<JobOccurrenceDueConsumer> logger)
    : IConsumer<JobOccurrenceDue>
{
    public async Task Consume(ConsumeContext<JobOccurrenceDue> context)
    {
        var due = context.Message;
        var now = clock.GetUtcNow();
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.JobId == due.JobId, context.CancellationToken);
        if (job is null || job.Version != due.Version || job.Status != JobStatus.Active)
        {
            logger.LogInformation("Occurrence {ScheduledFor:O} of job {JobId} v{Version} ignored: the job is {State}", due.ScheduledFor, due.JobId,
                due.Version, job is null ? "unknown" : $"{job.Status} at v{job.Version}");
            return;
        }

        var scheduledFor = due.ScheduledFor.ToStored();
        var run = await db.Runs.SingleOrDefaultAsync(r => r.JobId == job.JobId && r.ScheduledFor == scheduledFor, context.CancellationToken);
        if (run is null)
        {
            run = new RunRecord
            {
                RunId = NewId.NextGuid(),
                JobId = job.JobId,
                JobVersion = job.Version,
                JobType = job.JobType,
                ScheduledFor = scheduledFor,
                FiredAt = now,
                Attempt = 1,
                Status = RunStatus.Queued,
            };
            db.Runs.Add(run);
            if (job.NextRunAt == scheduledFor)
            {
                job.NextRunAt = null;
                job.ScheduleTokenId = null;
            }

            await db.SaveChangesAsync(context.CancellationToken);
            logger.LogInformation("Job {JobId} fired for {ScheduledFor:O} ({Lateness} ms late): run {RunId}", job.JobId, scheduledFor,
                (now - scheduledFor).TotalMilliseconds, run.RunId);
        }
        else if (run.Status != RunStatus.Queued)
        {
            logger.LogInformation("Duplicate fire of job {JobId} for {ScheduledFor:O} ignored: run {RunId} is {Status}", job.JobId, scheduledFor,
                run.RunId, run.Status);
            return;
        }

        var definition = JobDefinition.FromJson(job.Definition);
        await context.Publish(new ExecuteJobRun
        {
            JobId = job.JobId,
            RunId = run.RunId,
            Attempt = run.Attempt,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            JobType = job.JobType,
            Payload = definition.Payload,
            Priority = job.Priority,
            Timeout = definition.Timeout,
            Retry = definition.Retry,
        }, x => x.SetPriority((byte)job.Priority), context.CancellationToken);
        await context.Publish(new JobRunQueued
        {
            JobId = job.JobId,
            RunId = run.RunId,
            Attempt = run.Attempt,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            JobType = job.JobType,
            Priority = job.Priority,
        }, context.CancellationToken);
    }
}
