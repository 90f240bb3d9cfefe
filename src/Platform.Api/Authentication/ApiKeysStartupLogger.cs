using Microsoft.Extensions.Options;

namespace Platform.Api.Authentication;

/// <summary>Says at start whether the API is protected: a warning while no API key is configured (anyone who can reach
/// the API can send commands), otherwise how many keys of each role it accepts.</summary>
internal sealed partial class ApiKeysStartupLogger(IOptions<PlatformApiOptions> options, ILogger<ApiKeysStartupLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var keys = options.Value.Keys;
        if (keys.Count == 0)
            NoKeys(logger, PlatformApiOptions.Section);
        else
            Protected(logger, keys.Count(k => k.Role == ApiRole.Reader), keys.Count(k => k.Role == ApiRole.Operator));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API keys configured: anyone who can reach the API can send commands. " +
        "Configure {Section}:Keys (and RequireAuthentication) to require a key on /api")]
    static partial void NoKeys(ILogger logger, string section);

    [LoggerMessage(Level = LogLevel.Information, Message = "The API requires a key on /api: {Readers} reader key(s), {Operators} operator key(s)")]
    static partial void Protected(ILogger logger, int readers, int operators);
}
