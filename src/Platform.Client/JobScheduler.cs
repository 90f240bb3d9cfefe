using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Scheduling.Validation;

namespace Platform.Client;

/// <summary>The scoped <see cref="IJobScheduler"/>: validates, then publishes through the scope's publish endpoint (the
/// consume context inside a consumer, else the bus or its outbox).</summary>
internal sealed class JobScheduler(
    IPublishEndpoint publisher,
    IBus bus,
    JobAnswers answers,
    IOptions<PlatformClientOptions> options,
    TimeProvider clock) : IJobScheduler
{
    public async Task<Guid> ScheduleAsync(ScheduleJob job, CancellationToken cancellationToken = default)
    {
        Validate(job);
        await publisher.Publish(job, cancellationToken);
        return job.JobId;
    }

    public Task<Guid> ScheduleAsync<TPayload>(string jobType, TPayload payload, JobTrigger trigger, CancellationToken cancellationToken = default) =>
        ScheduleAsync(JobDefinitions.Create(jobType, payload, trigger), cancellationToken);

    public async Task<JobAccepted> ScheduleAndWaitAsync(ScheduleJob job, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        Validate(job);
        var wait = timeout ?? options.Value.AcceptanceTimeout;
        using var expectation = await answers.ExpectAsync(job.JobId, cancellationToken);
        await bus.Publish(job, cancellationToken);
        object answer;
        try
        {
            answer = await expectation.Answer.WaitAsync(wait, clock, cancellationToken);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"The scheduler did not answer ScheduleJob {job.JobId} within {wait}: the job was published and may still "
                + "be accepted (is the scheduler running, on this virtual host?)", exception);
        }

        return answer switch
        {
            JobAccepted accepted => accepted,
            JobRejected rejected => throw new JobRejectedException(job.JobId, rejected.Errors, byScheduler: true),
            _ => throw new InvalidOperationException($"Unexpected answer {answer.GetType().Name}"),
        };
    }

    public Task CancelAsync(Guid jobId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendJobCommand(jobId, new CancelJob { JobId = jobId, Reason = reason }, cancellationToken);

    public Task PauseAsync(Guid jobId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendJobCommand(jobId, new PauseJob { JobId = jobId, Reason = reason }, cancellationToken);

    public Task ResumeAsync(Guid jobId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendJobCommand(jobId, new ResumeJob { JobId = jobId, Reason = reason }, cancellationToken);

    public Task TriggerNowAsync(Guid jobId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendJobCommand(jobId, new TriggerJobNow { JobId = jobId, Reason = reason }, cancellationToken);

    public Task ReplayAsync(ReplayJobRun replay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replay);
        Reject(replay.JobId, CommandChecks.Replay(replay));
        return publisher.Publish(replay, cancellationToken);
    }

    public Task RaiseEventAsync<TPayload>(string eventType, string? key, TPayload payload, CancellationToken cancellationToken = default)
    {
        Reject(Guid.Empty, CommandChecks.Event(eventType));
        return publisher.Publish(new ExternalEvent
        {
            EventType = eventType,
            Key = key,
            Payload = Payloads.ToJson(payload),
            OccurredAt = clock.GetUtcNow(),
        }, cancellationToken);
    }

    Task SendJobCommand<T>(Guid jobId, T command, CancellationToken cancellationToken)
        where T : class
    {
        Reject(jobId, CommandChecks.JobCommand(jobId));
        return publisher.Publish(command, cancellationToken);
    }

    void Validate(ScheduleJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Reject(job.JobId, ScheduleJobValidator.Validate(job, options.Value.MaxPayloadBytes));
    }

    static void Reject(Guid jobId, IReadOnlyList<FieldError> errors)
    {
        if (errors.Count > 0)
            throw new JobRejectedException(jobId, errors, byScheduler: false);
    }
}
