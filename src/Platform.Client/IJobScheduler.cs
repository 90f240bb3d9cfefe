using Platform.Contracts;

namespace Platform.Client;

/// <summary>
/// Publishes the platform's job commands. Every command is checked before it is sent, with the scheduler's own rules, so
/// a bad one throws <see cref="JobRejectedException"/> with every field error at once and is never published. Scoped:
/// inside a consumer it publishes through that consumer's context (and the host's outbox, where it has one). Register
/// with <c>x.AddPlatformClient()</c>.
/// </summary>
public interface IJobScheduler
{
    /// <summary>Validates and publishes a <see cref="ScheduleJob"/> (create, or replace the job with the same id). The
    /// scheduler answers later with <see cref="JobAccepted"/> or <see cref="JobRejected"/>; use
    /// <see cref="ScheduleAndWaitAsync"/> to wait for that answer.</summary>
    /// <returns>The job id.</returns>
    /// <exception cref="JobRejectedException">The job breaks the scheduler's rules; nothing was published.</exception>
    Task<Guid> ScheduleAsync(ScheduleJob job, CancellationToken cancellationToken = default);

    /// <summary>Schedules a new job of <paramref name="jobType"/> with a typed payload (camelCase JSON, as handlers read it)
    /// and a new job id; otherwise the contract's defaults (priority 5, the scheduler's retry policy, ...). For other
    /// settings build the job with <see cref="JobDefinitions.Create{TPayload}"/> and <c>with</c>.</summary>
    /// <returns>The new job's id.</returns>
    /// <exception cref="JobRejectedException">The job breaks the scheduler's rules; nothing was published.</exception>
    Task<Guid> ScheduleAsync<TPayload>(string jobType, TPayload payload, JobTrigger trigger, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates and publishes a <see cref="ScheduleJob"/>, then waits for the scheduler's answer for its job id: the
    /// <see cref="JobAccepted"/> (also the answer to a repeated, unchanged definition), or a <see cref="JobRejected"/>,
    /// thrown as <see cref="JobRejectedException"/> (for example a <c>dependsOn</c> job the scheduler does not know). The
    /// job is published on the bus directly, not through a consumer's context or an outbox, since the answer could not
    /// come before those send it. Answers are matched by job id only: two callers scheduling the same id at once both get
    /// the first answer.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="timeout">How long to wait; <see cref="PlatformClientOptions.AcceptanceTimeout"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting (the job has been published by then, or not at all).</param>
    /// <exception cref="JobRejectedException">The client's validation or the scheduler rejected the job.</exception>
    /// <exception cref="TimeoutException">No answer in time; the job was published and may still be accepted.</exception>
    Task<JobAccepted> ScheduleAndWaitAsync(ScheduleJob job, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Publishes <see cref="CancelJob"/>: the job stops for good and a running run is cancelled.</summary>
    Task CancelAsync(Guid jobId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Publishes <see cref="PauseJob"/>: no occurrence fires until the job is resumed (those due meanwhile follow
    /// its misfire policy).</summary>
    Task PauseAsync(Guid jobId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Publishes <see cref="ResumeJob"/> for a paused job.</summary>
    Task ResumeAsync(Guid jobId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Publishes <see cref="TriggerJobNow"/>: one run now, outside the job's schedule.</summary>
    Task TriggerNowAsync(Guid jobId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Publishes <see cref="ReplayJobRun"/>: the scheduler dispatches the run again as attempt 1 of its next replay,
    /// with the command's replacements (payload, priority, retry, timeout) where given; a replay that reaches a run still
    /// on its way is held until the run gives up. Set <see cref="ReplayJobRun.Replay"/> to replay one dead letter only
    /// once whatever happens to the command.</summary>
    /// <exception cref="JobRejectedException">A field is missing or out of range; nothing was published.</exception>
    Task ReplayAsync(ReplayJobRun replay, CancellationToken cancellationToken = default);

    /// <summary>Publishes an <see cref="ExternalEvent"/> (now, with a typed payload): runs every job whose Event trigger
    /// (<see cref="JobTriggers.OnEvent"/>) matches its type and key.</summary>
    /// <exception cref="JobRejectedException"><paramref name="eventType"/> is empty; nothing was published.</exception>
    Task RaiseEventAsync<TPayload>(string eventType, string? key, TPayload payload, CancellationToken cancellationToken = default);
}
