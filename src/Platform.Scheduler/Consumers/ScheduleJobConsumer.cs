using System.Text.Json;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Scheduler.Messages;
using Platform.Scheduler.Persistence;
using Platform.Scheduler.Validation;

namespace Platform.Scheduler.Consumers;

/// <summary>
/// Accepts, replaces or rejects a job. A valid job is stored and its first occurrence scheduled before the transaction
/// commits, so a crash loses nothing (a redelivery finds either nothing or the same definition); an occurrence
/// scheduled for an older version is ignored when it fires. An invalid job gets <see cref="JobRejected"/> listing every
/// field error, plus a Fault, and is never stored.
/// </summary>
public sealed class ScheduleJobConsumer(
    SchedulerDbContext db,
    IMessageScheduler scheduler,
    TimeProvider clock,
    IOptions<SchedulerOptions> options,
    ILogger<ScheduleJobConsumer> logger) : IConsumer<ScheduleJob>
{
    public async Task Consume(ConsumeContext<ScheduleJob> context)
    {
        var job = context.Message;
        var now = clock.GetUtcNow();
        var errors = ScheduleJobValidator.Validate(job, options.Value.MaxPayloadBytes);
        if (errors.Count > 0)
        {
            await Reject(context, errors, now);
            return;
        }

        var hash = JobDefinition.Hash(job);
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        // Commands for one job id are serialized (the row may not exist yet, so a row lock is not enough): the second
        // of two concurrent duplicates then sees the first one's definition instead of scheduling a second fire.
        await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtextextended({job.JobId.ToString()}, 0))",
            context.CancellationToken);
        var existing = await db.Jobs.SingleOrDefaultAsync(j => j.JobId == job.JobId, context.CancellationToken);

        if (existing is not null && existing.DefinitionHash == hash)
        {
            db.Audit.Add(Audit(context, now, accepted: true, "duplicate"));
            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
            logger.LogInformation("Job {JobId} received again with the same definition: nothing changes", job.JobId);
            await PublishAccepted(context, existing);
            return;
        }

        var record = existing ?? new JobRecord { JobId = job.JobId, CreatedAt = now };
        var previousToken = record.ScheduleTokenId;
        record.JobType = job.JobType;
        record.Definition = JobDefinition.ToJson(job);
        record.DefinitionHash = hash;
        record.Version = (existing?.Version ?? 0) + 1;
        record.Status = JobStatus.Active;
        record.Priority = job.Priority;
        record.Owner = job.Owner;
        record.UpdatedAt = now;
        record.NextRunAt = job.Trigger!.RunAt!.Value.ToStored();

        var due = new JobOccurrenceDue { JobId = job.JobId, Version = record.Version, ScheduledFor = record.NextRunAt.Value };
        var scheduled = await scheduler.ScheduleSend(SchedulerQueue, record.NextRunAt.Value.UtcDateTime, due, context.CancellationToken);
        record.ScheduleTokenId = scheduled.TokenId;
        if (existing is null)
            db.Jobs.Add(record);
        db.Audit.Add(Audit(context, now, accepted: true, existing is null ? "created" : $"replaced version {existing.Version}"));
        await db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);

        if (previousToken is { } token)
            await scheduler.CancelScheduledSend(SchedulerQueue, token, context.CancellationToken);

        logger.LogInformation("Job {JobId} ({JobType}) version {Version} accepted; next run at {NextRunAt:O}", job.JobId, job.JobType,
            record.Version, record.NextRunAt);
        await PublishAccepted(context, record);
    }

    Uri SchedulerQueue => new($"queue:{options.Value.Queue}");

    static Task PublishAccepted(ConsumeContext<ScheduleJob> context, JobRecord record) =>
        context.Publish(new JobAccepted
        {
            JobId = record.JobId,
            JobType = record.JobType,
            Version = record.Version,
            NextRunAt = record.NextRunAt,
        });

    async Task Reject(ConsumeContext<ScheduleJob> context, IReadOnlyList<FieldError> errors, DateTimeOffset now)
    {
        logger.LogWarning("ScheduleJob {JobId} rejected: {Errors}", context.Message.JobId,
            string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")));
        db.Audit.Add(Audit(context, now, accepted: false, JsonSerializer.Serialize(errors, JsonSerializerOptions.Web)));
        await db.SaveChangesAsync(context.CancellationToken);
        await context.Publish(new JobRejected { JobId = context.Message.JobId, Errors = errors });
        // A Fault<ScheduleJob> as well, for senders and tools that watch faults. Published here rather than by throwing:
        // the message is handled (not poison), so it does not belong in the error queue.
        await context.Publish<Fault<ScheduleJob>>(new FaultEvent<ScheduleJob>(context.Message, context.MessageId, HostMetadataCache.Host,
            new JobRejectedException(errors), context.SupportedMessageTypes.ToArray()));
    }

    static AuditRecord Audit(ConsumeContext<ScheduleJob> context, DateTimeOffset now, bool accepted, string outcome) => new()
    {
        ReceivedAt = now,
        Command = nameof(ScheduleJob),
        JobId = context.Message.JobId == Guid.Empty ? null : context.Message.JobId,
        Sender = context.Sender(),
        MessageId = context.MessageId,
        Accepted = accepted,
        Outcome = outcome.StartsWith('[') ? outcome : JsonSerializer.Serialize(outcome),
    };
}
