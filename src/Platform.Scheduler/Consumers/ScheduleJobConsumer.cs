using MassTransit;
using Platform.Contracts;

namespace Platform.Scheduler.Consumers;

/// <summary>The front door for ScheduleJob (MassTransit envelope or raw JSON): see <see cref="JobIntake"/>.</summary>
public sealed class ScheduleJobConsumer(JobIntake intake) : IConsumer<ScheduleJob>
{
    public Task Consume(ConsumeContext<ScheduleJob> context) => intake.AcceptAsync(context, context.Message);
}
