using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Messages;
using Platform.Scheduling.Schema;

namespace Platform.Scheduler.Runs;

/// <summary>
/// One instance per run. Requested by the job state machine; waits for the job's dependencies when it has any; hands
/// the run to the workers; follows the worker's reports through retries to a final state (Succeeded, DeadLettered,
/// TimedOut, Cancelled or Skipped), which it reports to the job; watches the SLA with timers on the message scheduler.
/// Reports arrive out of order and more than once: a final state ignores everything but the completion deadline.
/// </summary>
public sealed class RunStateMachine : MassTransitStateMachine<RunState>
{
    public RunStateMachine()
    {
        // A run's id is new when it is requested: its row is inserted without a look-up first.
        Event(() => Requested, e =>
        {
            e.CorrelateById(c => c.Message.RunId);
            e.InsertOnInitial = true;
        });
        Event(() => AttemptStarted, e => Report(e, c => c.Message.RunId));
        Event(() => RunSucceeded, e => Report(e, c => c.Message.RunId));
        Event(() => AttemptFailed, e => Report(e, c => c.Message.RunId));
        Event(() => GaveUp, e => Report(e, c => c.Message.RunId));
        Event(() => Stopped, e => Report(e, c => c.Message.RunId));
        Event(() => CancelRequested, e => Report(e, c => c.Message.RunId));
        Event(() => ParentFinished, e => Report(e, c => c.Message.RunId));
        Event(() => Heartbeat, e => Report(e, c => c.Message.RunId));
        Event(() => ReplayRequested, e =>
        {
            e.CorrelateById(c => c.Message.RunId);
            e.OnMissingInstance(m => m.ExecuteAsync(UnknownRun.RejectReplayAsync));
        });

        Schedule(() => StartDeadline, x => x.StartDeadlineTokenId, s => s.Received = r => r.CorrelateById(c => c.Message.RunId));
        Schedule(() => DurationDeadline, x => x.DurationDeadlineTokenId, s => s.Received = r => r.CorrelateById(c => c.Message.RunId));
        Schedule(() => CompletionDeadline, x => x.CompletionDeadlineTokenId, s => s.Received = r => r.CorrelateById(c => c.Message.RunId));

        InstanceState(x => x.CurrentState);

        Initially(
            When(Requested)
                .Activity(x => x.OfType<RecordRequestActivity>())
                .If(c => c.Saga.MaxStartDelay is not null, x => x.Schedule(StartDeadline,
                    c => new RunStartDeadline { RunId = c.Saga.CorrelationId }, c => (c.Saga.ScheduledFor + c.Saga.MaxStartDelay!.Value).UtcDateTime))
                .If(c => c.Saga.CompleteBy is not null, x => x.Schedule(CompletionDeadline,
                    c => new RunCompletionDeadline { RunId = c.Saga.CorrelationId }, c => (c.Saga.ScheduledFor + c.Saga.CompleteBy!.Value).UtcDateTime))
                .IfElse(c => c.Saga.DependsOn is null,
                    go => go.Dispatch(Queued),
                    wait => wait.TransitionTo(WaitingForDependencies).CheckDependencies(this)));

        During(WaitingForDependencies,
            When(ParentFinished).CheckDependencies(this));

        // A start report moves the run forward only: the first attempt while queued, a newer attempt afterwards. A late,
        // duplicate report of an attempt already known must not undo a retry that was scheduled since.
        During(Queued,
            When(AttemptStarted, Current)
                .If(c => c.Message.Attempt >= c.Saga.Attempt, x => x.Started(this)));

        During(RetryScheduled, Running,
            When(AttemptStarted, Current)
                .If(c => c.Message.Attempt > c.Saga.Attempt, x => x.Started(this)));

        During(Queued, RetryScheduled, Running,
            When(AttemptFailed, Current)
                .If(c => c.Message.Attempt >= c.Saga.Attempt, x => x
                    .Then(c =>
                    {
                        c.Saga.Attempt = c.Message.Attempt;
                        c.Saga.Error = c.Message.Error;
                        c.Saga.TimedOut = c.Message.TimedOut;
                        c.Saga.Worker = c.Message.Worker;
                        c.Saga.StartedAt ??= c.Message.StartedAt;
                    })
                    .StartKnown(this)
                    .If(c => c.Message.WillRetry, retry => retry
                        .Then(c => c.Saga.NextAttemptAt = c.Message.NextAttemptAt)
                        .Unschedule(DurationDeadline)
                        // A cancel that reached the attempt just as it failed: tell the workers again, so the retry
                        // is dropped even by a worker that never heard the first one.
                        .If(c => c.Saga.CancelRequested, cancel => cancel.Publish(c =>
                            new CancelJobRun { JobId = c.Saga.JobId, RunId = c.Saga.CorrelationId, Reason = c.Saga.Error }))
                        .TransitionTo(RetryScheduled))),
            When(GaveUp, Current)
                .Then(c =>
                {
                    c.Saga.Attempt = Math.Max(c.Saga.Attempt, c.Message.Attempt);
                    c.Saga.Error = c.Message.Error;
                    c.Saga.FinishedAt = c.Message.FinishedAt;
                })
                .IfElse(c => c.Saga.TimedOut, t => t.End(TimedOut, this), d => d.End(DeadLettered, this)),
            When(RunSucceeded, Current)
                .Then(c =>
                {
                    c.Saga.Attempt = Math.Max(c.Saga.Attempt, c.Message.Attempt);
                    c.Saga.StartedAt ??= c.Message.StartedAt;
                    c.Saga.FinishedAt = c.Message.FinishedAt;
                    c.Saga.Worker = c.Message.Worker;
                    c.Saga.Error = null;
                    c.Saga.TimedOut = false;
                })
                .StartKnown(this)
                .Unschedule(CompletionDeadline)
                .End(Succeeded, this),
            When(Stopped, Current)
                .Then(c =>
                {
                    c.Saga.FinishedAt = c.Message.FinishedAt;
                    c.Saga.Error = c.Message.Reason;
                    c.Saga.Attempt = Math.Max(c.Saga.Attempt, c.Message.Attempt);
                    c.Saga.StartedAt ??= c.Message.StartedAt;
                    if (!string.IsNullOrEmpty(c.Message.Worker))
                        c.Saga.Worker = c.Message.Worker;
                })
                .StartKnown(this)
                .Unschedule(CompletionDeadline)
                .End(Cancelled, this),
            Ignore(ParentFinished),
            Ignore(Requested));

        During(Running,
            When(Heartbeat, Current)
                .Then(c =>
                {
                    c.Saga.LastHeartbeatAt = c.Message.At;
                    c.Saga.Progress = c.Message.Progress ?? c.Saga.Progress;
                    c.Saga.ProgressMessage = c.Message.Message ?? c.Saga.ProgressMessage;
                }));

        // The worker reports the last failure (JobRunFailed, which says whether it timed out) and the dead letter
        // (JobRunDeadLettered, which does not) back to back; when they are consumed the other way round, the late
        // failure report corrects which of the two final states the run ended in.
        During(DeadLettered,
            When(AttemptFailed, Current)
                .If(c => !c.Message.WillRetry && c.Message.Attempt == c.Saga.Attempt && c.Message.TimedOut, x => x
                    .Then(c => c.Saga.TimedOut = true)
                    .TransitionTo(TimedOut)));

        During(TimedOut,
            When(AttemptFailed, Current)
                .If(c => !c.Message.WillRetry && c.Message.Attempt == c.Saga.Attempt && !c.Message.TimedOut, x => x
                    .Then(c => c.Saga.TimedOut = false)
                    .TransitionTo(DeadLettered)));

        // The run machine alone decides on a replay. A run that gave up starts over as its next replay; one still on its
        // way holds the replay until it ends (a replay sent the moment the worker reported the dead letter can arrive
        // before that report); a command meaning a replay that is not the run's current one is rejected, as is a second
        // held replay, so a command sent twice replays once.
        During(DeadLettered, TimedOut,
            When(ReplayRequested)
                .IfElse(MeansCurrent, replay => replay.Replay(this), reject => reject.Activity(x => x.OfType<RejectReplayActivity>())));
        During(WaitingForDependencies, Queued, RetryScheduled, Running,
            When(ReplayRequested)
                .IfElse(c => MeansCurrent(c) && c.Saga.HeldReplay is null,
                    hold => hold.Activity(x => x.OfType<HoldReplayActivity>()),
                    reject => reject.Activity(x => x.OfType<RejectReplayActivity>())));

        During(WaitingForDependencies, Queued, RetryScheduled,
            When(CancelRequested)
                .Activity(x => x.OfType<CancelBeforeStartActivity>())
                .Unschedule(CompletionDeadline)
                .End(Cancelled, this),
            When(StartDeadline.Received)
                .Activity(x => x.OfType<SlaViolationActivity<RunStartDeadline>>()));

        During(Running,
            When(CancelRequested)
                .Activity(x => x.OfType<CancelWhileRunningActivity>()),
            When(DurationDeadline.Received)
                .Activity(x => x.OfType<SlaViolationActivity<RunDurationDeadline>>()));

        DuringAny(
            When(CompletionDeadline.Received)
                .If(c => c.Saga.CurrentState != Succeeded.Name, x => x.Activity(y => y.OfType<SlaViolationActivity<RunCompletionDeadline>>())));

        During(new[] { Succeeded, Cancelled, Skipped }, Ignore(AttemptFailed));

        During(new[] { Succeeded, DeadLettered, TimedOut, Cancelled, Skipped },
            Ignore(Requested),
            Ignore(AttemptStarted),
            Ignore(RunSucceeded),
            Ignore(GaveUp),
            Ignore(Stopped),
            Ignore(CancelRequested),
            Ignore(ParentFinished),
            Ignore(StartDeadline.Received),
            Ignore(DurationDeadline.Received),
            Ignore(Heartbeat));

        During(new[] { Succeeded, Cancelled, Skipped },
            When(ReplayRequested)
                .Activity(x => x.OfType<RejectReplayActivity>()));
        During(WaitingForDependencies, Queued, RetryScheduled, Ignore(Heartbeat));
        During(WaitingForDependencies, Ignore(Requested));

        StateNames.Check(this, RunStates.All);
    }

    /// <summary>A report of the run's current replay; one of an earlier replay (late, or redelivered) is stale.</summary>
    static bool Current(BehaviorContext<RunState, JobRunStarted> c) => c.Message.Replay == c.Saga.Replay;

    static bool Current(BehaviorContext<RunState, JobRunFailed> c) => c.Message.Replay == c.Saga.Replay;

    static bool Current(BehaviorContext<RunState, JobRunDeadLettered> c) => c.Message.Replay == c.Saga.Replay;

    static bool Current(BehaviorContext<RunState, JobRunSucceeded> c) => c.Message.Replay == c.Saga.Replay;

    static bool Current(BehaviorContext<RunState, JobRunCancelled> c) => c.Message.Replay == c.Saga.Replay;

    static bool Current(BehaviorContext<RunState, JobRunHeartbeat> c) => c.Message.Replay == c.Saga.Replay;

    /// <summary>A replay command for the run's current replay: it names none, or the one the run is at.</summary>
    static bool MeansCurrent(BehaviorContext<RunState, ReplayJobRun> c) => c.Message.Replay is null || c.Message.Replay == c.Saga.Replay;

    public State WaitingForDependencies { get; private set; } = null!;

    public State Queued { get; private set; } = null!;

    public State Running { get; private set; } = null!;

    public State RetryScheduled { get; private set; } = null!;

    public State Succeeded { get; private set; } = null!;

    public State DeadLettered { get; private set; } = null!;

    public State TimedOut { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;

    public State Skipped { get; private set; } = null!;

    public Event<RunRequested> Requested { get; private set; } = null!;

    public Event<JobRunStarted> AttemptStarted { get; private set; } = null!;

    public Event<JobRunSucceeded> RunSucceeded { get; private set; } = null!;

    public Event<JobRunFailed> AttemptFailed { get; private set; } = null!;

    public Event<JobRunDeadLettered> GaveUp { get; private set; } = null!;

    public Event<JobRunCancelled> Stopped { get; private set; } = null!;

    public Event<CancelRun> CancelRequested { get; private set; } = null!;

    public Event<CheckRunDependencies> ParentFinished { get; private set; } = null!;

    public Event<JobRunHeartbeat> Heartbeat { get; private set; } = null!;

    public Event<ReplayJobRun> ReplayRequested { get; private set; } = null!;

    public Schedule<RunState, RunStartDeadline> StartDeadline { get; private set; } = null!;

    public Schedule<RunState, RunDurationDeadline> DurationDeadline { get; private set; } = null!;

    public Schedule<RunState, RunCompletionDeadline> CompletionDeadline { get; private set; } = null!;

    /// <summary>A report about a run this scheduler does not know (a run of another deployment, or one purged by
    /// retention) is dropped.</summary>
    static void Report<T>(IEventCorrelationConfigurator<RunState, T> e, Func<ConsumeContext<T>, Guid> runId)
        where T : class
    {
        e.CorrelateById(runId);
        e.OnMissingInstance(m => m.Discard());
    }
}
