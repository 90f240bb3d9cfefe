using MassTransit;
using Platform.Contracts;

namespace Platform.Scheduler.Jobs;

/// <summary>A command that does not apply in the job's state (pause a completed job, resume a cancelled one) is rejected
/// and audited, not silently dropped.</summary>
public sealed class RejectCommandActivity<TCommand>(AuditTrail audit) : StateMachineActivity<JobState, TCommand>
    where TCommand : class
{
    protected override Task Apply(BehaviorContext<JobState, TCommand> context)
    {
        var job = context.Saga;
        var error = new FieldError { Field = "jobId", Message = $"job {job.CorrelationId} is {job.CurrentState}: {typeof(TCommand).Name} does not apply" };
        return audit.RejectAsync(context, typeof(TCommand).Name, job.CorrelationId, [error]);
    }
}
