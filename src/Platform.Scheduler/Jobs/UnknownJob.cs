using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;

namespace Platform.Scheduler.Jobs;

/// <summary>A Pause/Resume/Cancel/TriggerNow for a job id the scheduler does not know.</summary>
internal static class UnknownJob
{
    public static async Task RejectAsync<T>(ConsumeContext<T> context, Guid jobId)
        where T : class
    {
        var audit = context.GetPayload<IServiceProvider>().GetRequiredService<AuditTrail>();
        var error = new FieldError { Field = "jobId", Message = $"no job {jobId} is known to the scheduler" };
        await audit.RejectAsync(context, typeof(T).Name, jobId, [error]);
    }
}
