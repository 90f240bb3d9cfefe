using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Platform.EntityFrameworkCore;

internal static class OptionsRegistration
{
    /// <summary>Both the saga repository and the outbox need the retry settings; bound once however often it is called.</summary>
    public static void AddConcurrencyRetryOptions(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(IValidateOptions<ConcurrencyRetryOptions>)))
            return;
        services.AddOptions<ConcurrencyRetryOptions>()
            .BindConfiguration(ConcurrencyRetryOptions.Section)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConcurrencyRetryOptions>, ConcurrencyRetryOptionsValidator>());
    }
}
