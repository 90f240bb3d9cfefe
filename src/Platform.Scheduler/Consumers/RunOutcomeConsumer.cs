using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Scheduler.Persistence;

namespace Platform.Scheduler.Consumers;

/// <summary>Records what workers report about runs. Reports may arrive out of order or twice: a finished run is never
/// moved back to running, and a report for an unknown run is logged and dropped.</summary>
public sealed class RunOutcomeConsumer(SchedulerDbContext db, ILogger<RunOutcomeConsumer> logger) :
    IConsumer<JobRunStarted>,
    IConsumer<JobRunSucceeded>,
    IConsumer<JobRunFailed>
{
    public async Task Consume(ConsumeContext<JobRunStarted> context)
    {
        var started = context.Message;
        var run = await Find(started.RunId, context.CancellationToken);
        if (run is null || run.Status is RunStatus.Succeeded or RunStatus.Failed)
            return;
        run.Status = RunStatus.Running;
        run.Attempt = started.Attempt;
        run.StartedAt = started.StartedAt?.ToStored();
        run.Worker = started.Worker;
        await db.SaveChangesAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<JobRunSucceeded> context)
    {
        var succeeded = context.Message;
        var run = await Find(succeeded.RunId, context.CancellationToken);
        if (run is null || run.Status == RunStatus.Succeeded)
            return;
        run.Status = RunStatus.Succeeded;
        run.Attempt = succeeded.Attempt;
        run.StartedAt ??= succeeded.StartedAt?.ToStored();
        run.FinishedAt = succeeded.FinishedAt?.ToStored();
        run.Worker = succeeded.Worker;
        run.Error = null;
        var completed = await CompleteJobWhenDone(run, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        if (completed)
            await context.Publish(new JobCompleted { JobId = run.JobId, Reason = "once: its only run has ended" });
    }

    public async Task Consume(ConsumeContext<JobRunFailed> context)
    {
        var failed = context.Message;
        var run = await Find(failed.RunId, context.CancellationToken);
        if (run is null || run.Status == RunStatus.Succeeded)
            return;
        run.Status = failed.WillRetry ? RunStatus.Queued : RunStatus.Failed;
        run.Attempt = failed.Attempt;
        run.StartedAt ??= failed.StartedAt?.ToStored();
        run.FinishedAt = failed.FinishedAt?.ToStored();
        run.Worker = failed.Worker;
        run.Error = failed.Error;
        var completed = !failed.WillRetry && await CompleteJobWhenDone(run, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        if (completed)
            await context.Publish(new JobCompleted { JobId = run.JobId, Reason = "once: its only run has ended" });
    }

    async Task<RunRecord?> Find(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.SingleOrDefaultAsync(r => r.RunId == runId, cancellationToken);
        if (run is null)
            logger.LogWarning("Report for unknown run {RunId} dropped", runId);
        return run;
    }

    /// <summary>A job whose trigger has no further occurrence is complete once its run has ended.</summary>
    async Task<bool> CompleteJobWhenDone(RunRecord run, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.JobId == run.JobId, cancellationToken);
        if (job is null || job.Status != JobStatus.Active || job.Version != run.JobVersion || job.NextRunAt is not null)
            return false;
        job.Status = JobStatus.Completed;
        return true;
    }
}
