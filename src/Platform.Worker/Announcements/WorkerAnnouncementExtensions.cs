using Microsoft.Extensions.DependencyInjection;

namespace Platform.Worker.Announcements;

public static class WorkerAnnouncementExtensions
{
    /// <summary>Announces the worker process on the bus (<see cref="WorkerAnnouncer"/>). Register after the bus, so that
    /// the announcer starts after it and stops before it.</summary>
    public static IServiceCollection AddWorkerAnnouncements(this IServiceCollection services)
    {
        services.AddOptions<WorkerAnnouncementOptions>()
            .BindConfiguration(WorkerAnnouncementOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<WorkerAnnouncer>();
        return services;
    }
}
