using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Scheduler.Messages;
using Platform.Scheduler.Persistence;
using Platform.Scheduler.Runs;

namespace Platform.Scheduler.Consumers;

/// <summary>When a run ends, every run waiting for its job (dependsOn) looks at its parents again.</summary>
public sealed class DependentRunsConsumer(SchedulerDbContext db) : IConsumer<RunEnded>
{
    public async Task Consume(ConsumeContext<RunEnded> context)
    {
        var parent = System.Text.Json.JsonSerializer.Serialize(new[] { context.Message.JobId });
        var waiting = await db.Set<RunState>()
            .FromSql($"select * from scheduler.run_state where current_state = {RunStates.WaitingForDependencies} and depends_on @> {parent}::jsonb")
            .Select(r => r.CorrelationId)
            .ToListAsync(context.CancellationToken);
        foreach (var runId in waiting)
            await context.Publish(new CheckRunDependencies { RunId = runId });
    }
}
