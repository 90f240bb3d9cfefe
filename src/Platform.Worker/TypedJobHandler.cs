using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Worker;

/// <summary>Runs an <see cref="IJobHandler{TPayload}"/> as an <see cref="IJobHandler"/>: reads the payload first.</summary>
internal sealed class TypedJobHandler<THandler, TPayload>(IServiceProvider services) : IJobHandler
    where THandler : class, IJobHandler<TPayload>
{
    public Task HandleAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        TPayload? payload;
        try
        {
            payload = context.PayloadAs<TPayload>();
        }
        catch (JsonException exception)
        {
            throw new PermanentJobFailureException($"The payload of job type '{context.JobType}' is not a {typeof(TPayload).Name}: {exception.Message}",
                exception);
        }

        if (payload is null)
            throw new PermanentJobFailureException($"Job type '{context.JobType}' needs a payload ({typeof(TPayload).Name}); the run has none");
        return services.GetRequiredService<THandler>().HandleAsync(payload, context, cancellationToken);
    }
}
