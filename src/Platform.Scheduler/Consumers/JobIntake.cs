using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Scheduler.Jobs;
using Platform.Scheduler.Messages;
using Platform.Scheduler.Persistence;
using Platform.Scheduling.Schema;
using Platform.Scheduling.Validation;

namespace Platform.Scheduler.Consumers;

/// <summary>
/// Takes one job definition in, from a <see cref="ScheduleJob"/> or from a bulk <see cref="ScheduleJobs"/>. A valid
/// definition goes on to the job's state machine (<see cref="DefineJob"/>); an invalid one gets <see cref="JobRejected"/>
/// with every field error, a Fault&lt;ScheduleJob&gt; and an audit record, and changes nothing. Dependencies are checked
/// against the jobs the scheduler knows: an unknown parent or a cycle is rejected.
/// </summary>
public sealed class JobIntake(
    SchedulerDbContext db,
    AuditTrail audit,
    IOptions<SchedulerOptions> options,
    ILogger<JobIntake> logger)
{
    public async Task AcceptAsync(ConsumeContext context, ScheduleJob job)
    {
        var errors = ScheduleJobValidator.Validate(job, options.Value.MaxPayloadBytes).ToList();
        if (errors.Count == 0 && job.DependsOn is { Count: > 0 } parents)
            errors.AddRange(await CheckDependenciesAsync(job.JobId, parents, context.CancellationToken));

        if (errors.Count > 0)
        {
            using var scope = logger.BeginJobScope(job.JobId);
            logger.LogWarning("ScheduleJob {JobId} rejected: {Errors}", job.JobId, string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")));
            await audit.RejectAsync(context, nameof(ScheduleJob), job.JobId, errors);
            // A Fault<ScheduleJob> as well, for senders and tools that watch faults. Published rather than thrown: the
            // message is handled (not poison), so it does not belong in the error queue.
            await context.Publish<Fault<ScheduleJob>>(new FaultEvent<ScheduleJob>(job, context.MessageId, HostMetadataCache.Host,
                new JobRejectedException(errors), context.SupportedMessageTypes.ToArray()));
            return;
        }

        var json = JobDefinition.ToJson(job);
        await context.Publish(new DefineJob
        {
            JobId = job.JobId,
            Definition = job,
            DefinitionHash = JobDefinition.HashOf(json),
            DefinitionJson = json,
            Sender = context.Sender(),
            MessageId = context.MessageId,
            ReceivedAt = context.SentTime is { } sent ? new DateTimeOffset(sent, TimeSpan.Zero) : default,
        });
    }

    // Whether following the parents' ({0}) own dependencies reaches the job ({1}).
    const string ReachesItself = $$"""
        with recursive reach(job_id) as (
            select unnest({0})
            union
            select (jsonb_array_elements_text(j.depends_on))::uuid from {{SchedulerTables.QualifiedJobs}} j join reach r on j.correlation_id = r.job_id
        )
        select exists(select 1 from reach where job_id = {1}) as "Value"
        """;

    async Task<IEnumerable<FieldError>> CheckDependenciesAsync(Guid jobId, IReadOnlyList<Guid> parents, CancellationToken cancellationToken)
    {
        // Parents an earlier message of this transaction defined are saved first, so the queries find them.
        await db.SaveChangesAsync(cancellationToken);
        var known = await db.Set<JobState>().Where(j => parents.Contains(j.CorrelationId)).Select(j => j.CorrelationId).ToListAsync(cancellationToken);
        var unknown = parents.Except(known).ToList();
        if (unknown.Count > 0)
            return [new FieldError { Field = "dependsOn", Message = $"unknown job(s): {string.Join(", ", unknown)}; schedule the parents first" }];

        // A cycle: following the parents' own dependencies leads back to this job.
        var ids = parents.ToArray();
        var cycle = await db.Database.SqlQueryRaw<bool>(ReachesItself, ids, jobId).SingleAsync(cancellationToken);
        return cycle
            ? [new FieldError { Field = "dependsOn", Message = "would make a cycle: one of the parents depends, directly or not, on this job" }]
            : [];
    }
}
