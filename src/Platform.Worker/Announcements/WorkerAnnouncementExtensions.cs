using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Platform.Worker.Announcements;

public static class WorkerAnnouncementExtensions
{
    /// <summary>Announces the worker process on the bus (<see cref="WorkerAnnouncer"/>). Register after the bus, so that
    /// the announcer starts after it and stops before it.</summary>
    public static IServiceCollection AddWorkerAnnouncements(this IServiceCollection services)
    {
        services.AddOptions<WorkerAnnouncementOptions>()
            .BindConfiguration(WorkerAnnouncementOptions.Section)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerAnnouncementOptions>, WorkerAnnouncementOptionsValidator>());
        services.AddHostedService<WorkerAnnouncer>();
        return services;
    }
}
