using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Platform.Worker;

/// <summary>
/// The keys the worker's operator endpoints accept: the SHA-256 hashes under <c>Platform:Worker:Endpoints:KeyHashes</c>
/// (several at once, so a key can be rotated without a gap; make one with <c>printf %s "$KEY" | sha256sum</c>). A request
/// presents its key as <c>Authorization: Bearer &lt;key&gt;</c>; without a valid one it gets 401 and the attempt is
/// logged. With no hash configured the endpoints are open and the host says so at start.
/// </summary>
internal sealed partial class WorkerEndpointKeys : IEndpointFilter
{
    public const string Section = "Platform:Worker:Endpoints:KeyHashes";
    readonly byte[][] _hashes;
    readonly ILogger _logger;

    public WorkerEndpointKeys(IConfiguration configuration, ILogger logger)
    {
        _logger = logger;
        var configured = configuration.GetSection(Section).Get<string[]>() ?? [];
        _hashes = configured.Select((hash, i) => hash is { Length: 64 } && hash.All(Uri.IsHexDigit)
            ? Convert.FromHexString(hash)
            : throw new InvalidOperationException(
                $"{Section}:{i} must be the SHA-256 of a key as 64 hexadecimal digits (printf %s \"$KEY\" | sha256sum)")).ToArray();
        if (_hashes.Length == 0)
            LogOpen(logger, Section);
    }

    public bool Required => _hashes.Length > 0;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!Required || Accepts(context.HttpContext.Request.Headers.Authorization.ToString()))
            return await next(context);
        LogRefused(_logger, context.HttpContext.Request.Path, context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A worker endpoint key is required",
            detail: "Send Authorization: Bearer <key>, a key whose SHA-256 is configured in " + Section);
    }

    bool Accepts(string authorization)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()));
        var accepted = false;
        foreach (var hash in _hashes)
            accepted |= CryptographicOperations.FixedTimeEquals(hash, presented);
        return accepted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No key configured for the worker's endpoints (/worker/breakers, /worker/dead-letters): " +
        "anyone who can reach this host can read them. Configure {Section}")]
    static partial void LogOpen(ILogger logger, string section);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Path} from {Remote}: no valid worker endpoint key")]
    static partial void LogRefused(ILogger logger, string path, string remote);
}
