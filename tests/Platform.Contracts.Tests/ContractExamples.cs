using System.Text.Json;

namespace Platform.Contracts.Tests;

/// <summary>One filled-in instance of every contract: what the checked-in JSON examples are compared with.</summary>
internal static class ContractExamples
{
    static readonly Guid JobId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    static readonly Guid RunId = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    static readonly Guid ParentId = Guid.Parse("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
    static readonly DateTimeOffset ScheduledFor = new(2030, 3, 10, 9, 0, 0, TimeSpan.FromHours(-4));
    static readonly DateTimeOffset FiredAt = ScheduledFor.AddMilliseconds(3);
    static readonly DateTimeOffset StartedAt = ScheduledFor.AddMilliseconds(15);
    static readonly DateTimeOffset FinishedAt = ScheduledFor.AddSeconds(42);
    static readonly JsonElement Payload = JsonSerializer.SerializeToElement(new { invoiceBatch = 42, dryRun = false });

    public static IReadOnlyDictionary<string, object> All { get; } = new Dictionary<string, object>
    {
        [nameof(ScheduleJob)] = new ScheduleJob
        {
            JobId = JobId,
            JobType = "billing.invoice",
            Payload = Payload,
            Trigger = new JobTrigger
            {
                Kind = TriggerKind.Cron,
                Cron = "0 9 * * MON-FRI",
                TimeZone = "America/New_York",
                StartAt = ScheduledFor,
                EndAt = ScheduledFor.AddYears(1),
                MaxRuns = 250,
            },
            Priority = 7,
            Retry = new RetryPolicy
            {
                MaxAttempts = 5,
                InitialDelay = TimeSpan.FromSeconds(30),
                Multiplier = 2,
                MaxDelay = TimeSpan.FromHours(1),
                Jitter = true,
            },
            Timeout = TimeSpan.FromMinutes(20),
            Sla = new SlaPolicy
            {
                MaxStartDelay = TimeSpan.FromMinutes(1),
                MaxRunDuration = TimeSpan.FromMinutes(15),
                CompleteBy = TimeSpan.FromHours(1),
            },
            Overlap = OverlapPolicy.Queue,
            Misfire = MisfirePolicy.CatchUp,
            DependsOn = [ParentId],
            Tags = new Dictionary<string, string> { ["team"] = "billing", ["env"] = "prod" },
            Owner = "billing-team",
        },
        ["ScheduleJob.Once"] = new ScheduleJob
        {
            JobId = JobId,
            JobType = "reports.monthly",
            Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = ScheduledFor },
        },
        ["ScheduleJob.Interval"] = new ScheduleJob
        {
            JobId = JobId,
            JobType = "etl.sync",
            Trigger = new JobTrigger { Kind = TriggerKind.Interval, Every = TimeSpan.FromDays(1.5), StartAt = ScheduledFor, MaxRuns = 10 },
        },
        ["ScheduleJob.Event"] = new ScheduleJob
        {
            JobId = JobId,
            JobType = "compliance.check",
            Trigger = new JobTrigger { Kind = TriggerKind.Event, EventType = "customer.created", EventKey = "eu" },
        },
        [nameof(ScheduleJobs)] = new ScheduleJobs
        {
            Jobs =
            [
                new ScheduleJob { JobId = JobId, JobType = "reports.monthly", Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = ScheduledFor } },
                new ScheduleJob
                {
                    JobId = Guid.Parse("9b2e6c1a-5d4f-4e3a-8c7b-2a1f0e9d8c7b"),
                    JobType = "etl.sync",
                    Trigger = new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 2 * * *", TimeZone = "Europe/Berlin" },
                },
            ],
        },
        [nameof(CancelJob)] = new CancelJob { JobId = JobId, Reason = "customer churned" },
        [nameof(PauseJob)] = new PauseJob { JobId = JobId, Reason = "month-end freeze" },
        [nameof(ResumeJob)] = new ResumeJob { JobId = JobId, Reason = "freeze over" },
        [nameof(TriggerJobNow)] = new TriggerJobNow { JobId = JobId, Reason = "re-run after fix" },
        [nameof(ExternalEvent)] = new ExternalEvent { EventType = "customer.created", Key = "eu", Payload = Payload, OccurredAt = ScheduledFor },
        [nameof(JobAccepted)] = new JobAccepted { JobId = JobId, JobType = "billing.invoice", Version = 2, NextRunAt = ScheduledFor },
        [nameof(JobRejected)] = new JobRejected
        {
            JobId = JobId,
            Errors = [new FieldError { Field = "trigger.cron", Message = "has 4 fields; expected 5 or 6" }, new FieldError { Field = "priority", Message = "must be 0-9" }],
        },
        [nameof(JobRunQueued)] = new JobRunQueued
        {
            JobId = JobId, RunId = RunId, Attempt = 1, ScheduledFor = ScheduledFor, FiredAt = FiredAt, JobType = "billing.invoice", Priority = 7,
        },
        [nameof(JobRunStarted)] = new JobRunStarted
        {
            JobId = JobId, RunId = RunId, Attempt = 1, ScheduledFor = ScheduledFor, FiredAt = FiredAt, StartedAt = StartedAt, Worker = "billing@host-1/4242",
        },
        [nameof(JobRunSucceeded)] = new JobRunSucceeded
        {
            JobId = JobId, RunId = RunId, Attempt = 2, ScheduledFor = ScheduledFor, FiredAt = FiredAt, StartedAt = StartedAt, FinishedAt = FinishedAt,
            Worker = "billing@host-1/4242",
        },
        [nameof(JobRunFailed)] = new JobRunFailed
        {
            JobId = JobId, RunId = RunId, Attempt = 1, ScheduledFor = ScheduledFor, FiredAt = FiredAt, StartedAt = StartedAt, FinishedAt = FinishedAt,
            Worker = "billing@host-1/4242", Error = "TimeoutException: ledger did not answer", TimedOut = false, WillRetry = true,
            NextAttemptAt = FinishedAt.AddSeconds(30),
        },
        [nameof(JobRunDeadLettered)] = new JobRunDeadLettered
        {
            JobId = JobId, RunId = RunId, Attempt = 5, ScheduledFor = ScheduledFor, FiredAt = FiredAt, StartedAt = StartedAt, FinishedAt = FinishedAt,
            Error = "TimeoutException: ledger did not answer",
        },
        [nameof(JobSlaViolated)] = new JobSlaViolated
        {
            JobId = JobId, RunId = RunId, Attempt = 1, ScheduledFor = ScheduledFor, FiredAt = FiredAt, StartedAt = StartedAt,
            Kind = SlaViolationKind.RunTooLong, DetectedAt = FinishedAt,
        },
        [nameof(CancelJobRun)] = new CancelJobRun { JobId = JobId, RunId = RunId, Reason = "customer churned" },
        [nameof(JobRunCancelled)] = new JobRunCancelled
        {
            JobId = JobId, RunId = RunId, Attempt = 1, ScheduledFor = ScheduledFor, StartedAt = StartedAt, FinishedAt = FinishedAt,
            Worker = "billing@host-1/4242", Reason = "customer churned",
        },
        [nameof(JobMissed)] = new JobMissed { JobId = JobId, ScheduledFor = ScheduledFor, Reason = "misfire policy Skip: the scheduler was down" },
        [nameof(JobCancelled)] = new JobCancelled { JobId = JobId, Reason = "customer churned" },
        [nameof(JobPaused)] = new JobPaused { JobId = JobId, Reason = "month-end freeze" },
        [nameof(JobResumed)] = new JobResumed { JobId = JobId, Reason = "freeze over" },
        [nameof(JobCompleted)] = new JobCompleted { JobId = JobId, Reason = "maxRuns reached" },
        [nameof(ExecuteJobRun)] = new ExecuteJobRun
        {
            JobId = JobId, RunId = RunId, Attempt = 1, ScheduledFor = ScheduledFor, FiredAt = FiredAt, JobType = "billing.invoice", Payload = Payload, EventPayload = JsonSerializer.SerializeToElement(new { customer = 42 }),
            Priority = 7, Timeout = TimeSpan.FromMinutes(20),
            Retry = new RetryPolicy { MaxAttempts = 5, InitialDelay = TimeSpan.FromSeconds(30), Multiplier = 2, MaxDelay = TimeSpan.FromHours(1), Jitter = true },
        },
        [nameof(JobRunHeartbeat)] = new JobRunHeartbeat
        {
            JobId = JobId, RunId = RunId, Attempt = 1, ScheduledFor = ScheduledFor, Worker = "billing@host-1/4242", At = StartedAt.AddSeconds(30),
            Progress = 40, Message = "4,000 of 10,000 invoices",
        },
        [nameof(ReplayJobRun)] = new ReplayJobRun
        {
            RunId = RunId, JobId = JobId, JobType = "billing.invoice", Reason = "payment provider fixed", Replay = 0, Payload = Payload, Priority = 9,
            Retry = new RetryPolicy { MaxAttempts = 2, InitialDelay = TimeSpan.FromMinutes(1), Multiplier = 1, MaxDelay = TimeSpan.FromMinutes(1), Jitter = false },
            Timeout = TimeSpan.FromMinutes(5),
        },
        [nameof(BackfillJob)] = new BackfillJob
        {
            JobId = JobId, From = ScheduledFor.AddDays(-7), To = ScheduledFor, Reason = "the ledger was down all week",
        },
        [nameof(WorkerAnnounced)] = new WorkerAnnounced
        {
            Worker = "billing@host-1/4242", Queue = "billing", JobTypes = ["billing.invoice", "billing.refund"], Slots = 8, SlotsInUse = 3,
            RunsWaiting = 1, StartedAt = ScheduledFor.AddHours(-2), AnnouncedAt = ScheduledFor, Interval = TimeSpan.FromSeconds(10),
            Breakers =
            [
                new WorkerBreaker { JobType = "billing.invoice", State = "Closed", FailuresInWindow = 1 },
                new WorkerBreaker { JobType = "billing.refund", State = "Open", FailuresInWindow = 5, OpenUntil = ScheduledFor.AddSeconds(30) },
            ],
        },
    };
}
