using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Platform.Triggers;

public static class TriggerEngineExtensions
{
    /// <summary>
    /// The trigger engine on <typeparamref name="TDbContext"/> (which must call <c>modelBuilder.AddTriggerEntities()</c>),
    /// firing into <typeparamref name="THandler"/>.
    /// Options from <c>Platform:Triggers</c>.
    /// </summary>
    public static IServiceCollection AddTriggerEngine<TDbContext, THandler>(this IServiceCollection services)
        where TDbContext : DbContext
        where THandler : class, ITriggerFireHandler<TDbContext>
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<TriggerEngineOptions>().BindConfiguration(TriggerEngineOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TriggerEngineOptions>, TriggerEngineOptionsValidator>());
        services.TryAddSingleton<TriggerStore>();
        services.TryAddSingleton<TriggerEngineMetrics>();
        services.AddSingleton<ITriggerFireObserver>(sp => sp.GetRequiredService<TriggerEngineMetrics>());
        services.AddScoped<ITriggerFireHandler<TDbContext>, THandler>();
        services.AddSingleton<TriggerEngine<TDbContext>>();
        services.AddHostedService(sp => sp.GetRequiredService<TriggerEngine<TDbContext>>());
        services.AddHostedService<FireLogRetentionService<TDbContext>>();
        return services;
    }
}
