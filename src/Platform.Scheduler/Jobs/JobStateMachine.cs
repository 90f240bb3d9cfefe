using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Messages;
using Platform.Scheduling.Schema;

namespace Platform.Scheduler.Jobs;

/// <summary>
/// One instance per job id. Definitions arrive validated (<see cref="DefineJob"/> from the ScheduleJob consumer); the
/// trigger engine and external events report due occurrences; the machine decides whether each one runs (version,
/// pause, overlap policy), starts runs, and completes the job when its trigger is exhausted and its runs have ended.
/// Commands for an unknown job are rejected.
/// </summary>
public sealed class JobStateMachine : MassTransitStateMachine<JobState>
{
    public JobStateMachine()
    {
        Event(() => Defined, e => e.CorrelateById(c => c.Message.JobId));
        Event(() => OccurrenceDue, e =>
        {
            e.CorrelateById(c => c.Message.JobId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => Exhausted, e =>
        {
            e.CorrelateById(c => c.Message.JobId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => RunFinished, e =>
        {
            e.CorrelateById(c => c.Message.JobId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => RunRestarted, e =>
        {
            e.CorrelateById(c => c.Message.JobId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => DependentAdded, e =>
        {
            e.CorrelateById(c => c.Message.JobId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => PauseRequested, e => Command(e, c => c.Message.JobId));
        Event(() => ResumeRequested, e => Command(e, c => c.Message.JobId));
        Event(() => CancelRequested, e => Command(e, c => c.Message.JobId));
        Event(() => RunNowRequested, e => Command(e, c => c.Message.JobId));
        Event(() => BackfillRequested, e => Command(e, c => c.Message.JobId));

        InstanceState(x => x.CurrentState);

        Initially(
            When(Defined)
                .Activity(x => x.OfType<DefineJobActivity>())
                .TransitionTo(Active)
                .CompleteWhenDone(Completed));

        During(Active, Completed, Cancelled,
            When(Defined)
                .IfElse(c => c.Saga.DefinitionHash == c.Message.DefinitionHash,
                    same => same.Activity(x => x.OfType<RepeatAcceptedActivity>()),
                    changed => changed
                        .Activity(x => x.OfType<DefineJobActivity>())
                        .TransitionTo(Active)
                        .CompleteWhenDone(Completed)));

        During(Paused,
            When(Defined)
                .IfElse(c => c.Saga.DefinitionHash == c.Message.DefinitionHash,
                    same => same.Activity(x => x.OfType<RepeatAcceptedActivity>()),
                    changed => changed.Activity(x => x.OfType<DefineJobActivity>())));

        During(Active,
            When(OccurrenceDue)
                .Activity(x => x.OfType<StartOccurrenceActivity>())
                .CompleteWhenDone(Completed),
            When(PauseRequested)
                .Activity(x => x.OfType<PauseJobActivity>())
                .TransitionTo(Paused),
            When(ResumeRequested)
                .Activity(x => x.OfType<ResumeJobActivity>()));

        During(Paused,
            When(OccurrenceDue)
                .Activity(x => x.OfType<MissWhilePausedActivity>()),
            When(PauseRequested)
                .Activity(x => x.OfType<PauseJobActivity>()),
            When(ResumeRequested)
                .Activity(x => x.OfType<ResumeJobActivity>())
                .TransitionTo(Active)
                .CompleteWhenDone(Completed));

        During(Active, Paused,
            When(CancelRequested)
                .Activity(x => x.OfType<CancelJobActivity>())
                .TransitionTo(Cancelled));

        During(Active,
            When(BackfillRequested)
                .Activity(x => x.OfType<BackfillJobActivity>()));

        During(Paused, Completed, Cancelled,
            When(BackfillRequested)
                .Activity(x => x.OfType<RejectCommandActivity<BackfillJob>>()));

        During(Active, Paused, Completed,
            When(RunNowRequested)
                .Activity(x => x.OfType<RunNowActivity>()));

        During(Completed, Cancelled,
            When(PauseRequested)
                .Activity(x => x.OfType<RejectCommandActivity<PauseJob>>()),
            When(ResumeRequested)
                .Activity(x => x.OfType<RejectCommandActivity<ResumeJob>>()),
            When(OccurrenceDue)
                .Activity(x => x.OfType<MissWhileEndedActivity>()));

        During(Completed,
            When(CancelRequested)
                .Activity(x => x.OfType<CancelJobActivity>())
                .TransitionTo(Cancelled));

        During(Cancelled,
            When(CancelRequested)
                .Activity(x => x.OfType<CancelJobActivity>()),
            When(RunNowRequested)
                .Activity(x => x.OfType<RejectCommandActivity<TriggerJobNow>>()));

        During(Active,
            When(Exhausted)
                .Then(RecordExhausted)
                .CompleteWhenDone(Completed),
            When(RunFinished)
                .Activity(x => x.OfType<RunEndedActivity>())
                .CompleteWhenDone(Completed),
            When(RunRestarted)
                .Then(c => c.Saga.ActiveRuns++));

        // Not active: the counts are kept (a paused job completes when it is resumed), nothing completes here.
        During(Paused, Completed, Cancelled,
            When(Exhausted)
                .Then(RecordExhausted),
            When(RunFinished)
                .Activity(x => x.OfType<RunEndedActivity>()),
            When(RunRestarted)
                .Then(c => c.Saga.ActiveRuns++));

        During(Active, Paused, Completed, Cancelled,
            When(DependentAdded)
                .Then(c => c.Saga.HasDependents = true));

        StateNames.Check(this, JobStates.All);
    }

    /// <summary>The trigger of the current version has no more occurrences: it fired this many in all.</summary>
    static void RecordExhausted(BehaviorContext<JobState, TriggerExhausted> context)
    {
        if (context.Message.Version != context.Saga.Version)
            return;
        context.Saga.TriggerExhausted = true;
        context.Saga.OccurrencesExpected = context.Message.Occurrences;
    }

    public State Active { get; private set; } = null!;

    public State Paused { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;

    public Event<DefineJob> Defined { get; private set; } = null!;

    public Event<JobOccurrenceDue> OccurrenceDue { get; private set; } = null!;

    public Event<TriggerExhausted> Exhausted { get; private set; } = null!;

    public Event<RunEnded> RunFinished { get; private set; } = null!;

    public Event<RunReplayed> RunRestarted { get; private set; } = null!;

    public Event<DependentDefined> DependentAdded { get; private set; } = null!;

    public Event<PauseJob> PauseRequested { get; private set; } = null!;

    public Event<ResumeJob> ResumeRequested { get; private set; } = null!;

    public Event<CancelJob> CancelRequested { get; private set; } = null!;

    public Event<TriggerJobNow> RunNowRequested { get; private set; } = null!;

    public Event<BackfillJob> BackfillRequested { get; private set; } = null!;

    /// <summary>A command for a job that does not exist is rejected (and audited), not dropped.</summary>
    static void Command<T>(IEventCorrelationConfigurator<JobState, T> e, Func<ConsumeContext<T>, Guid> jobId)
        where T : class
    {
        e.CorrelateById(jobId);
        e.OnMissingInstance(m => m.ExecuteAsync(context => UnknownJob.RejectAsync(context, jobId(context))));
    }
}
