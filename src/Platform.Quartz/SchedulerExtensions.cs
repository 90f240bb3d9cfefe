using Quartz;

namespace Platform.Quartz;

internal static class SchedulerExtensions
{
    /// <summary>Stores the one durable job every scheduled-message trigger fires (replacing it is harmless).</summary>
    public static async Task AddScheduledMessageJob(this IScheduler scheduler, CancellationToken cancellationToken)
    {
        var job = JobBuilder.Create<ScheduledMessageJob>()
            .WithIdentity(ScheduledMessageTriggers.JobKey)
            .WithDescription("Sends a message scheduled through MassTransit's message scheduler")
            .StoreDurably()
            .RequestRecovery()
            .Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
    }

    public const string RecurringPrefix = "recurring.";

    public static TriggerKey RecurringKey(string scheduleId, string? scheduleGroup) =>
        new($"{RecurringPrefix}{scheduleId}", string.IsNullOrEmpty(scheduleGroup) ? "platform-recurring" : scheduleGroup);
}
