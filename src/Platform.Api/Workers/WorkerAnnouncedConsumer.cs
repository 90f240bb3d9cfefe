using MassTransit;
using Platform.Contracts;

namespace Platform.Api.Workers;

/// <summary>Keeps each worker's latest announcement (<see cref="WorkerRegistry"/>).</summary>
public sealed class WorkerAnnouncedConsumer(WorkerRegistry registry) : IConsumer<WorkerAnnounced>
{
    public Task Consume(ConsumeContext<WorkerAnnounced> context)
    {
        registry.Record(context.Message);
        return Task.CompletedTask;
    }
}
