using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Scheduler.Jobs;

namespace Platform.Scheduler.Runs;

/// <summary>A replay of a run id the scheduler does not know (mistyped, or purged by retention).</summary>
internal static class UnknownRun
{
    public static async Task RejectReplayAsync(ConsumeContext<ReplayJobRun> context)
    {
        var audit = context.GetPayload<IServiceProvider>().GetRequiredService<AuditTrail>();
        var error = new FieldError { Field = "runId", Message = $"no run {context.Message.RunId} is known to the scheduler" };
        await audit.RejectAsync(context, nameof(ReplayJobRun), context.Message.JobId, [error]);
    }
}
