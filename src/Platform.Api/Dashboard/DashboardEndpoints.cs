using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Platform.Api.Authentication;
using Platform.Api.Commands;

namespace Platform.Api.Dashboard;

/// <summary>
/// The operators' dashboard: plain HTML, CSS and JavaScript in the API's <c>wwwroot/dashboard</c> (no build step, nothing
/// from a CDN), served at <c>/dashboard/</c>, which calls the same JSON API with the key the operator typed in (kept in the browser
/// tab's session storage and sent as <c>Authorization: Bearer</c>; no cookie, so no cross-site request can act on an
/// operator's behalf). <c>GET /api/me</c> tells the page the caller's role, so that a Reader sees no buttons.
/// </summary>
public static class DashboardEndpoints
{
    public const string Path = "/dashboard";

    public static IEndpointRouteBuilder MapDashboardPages(this IEndpointRouteBuilder app)
    {
        var files = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider;
        app.MapGet("/", () => TypedResults.Redirect($"{Path}/")).ExcludeFromDescription();
        // "/dashboard" without the slash would load the page's relative assets from "/": it is sent to "/dashboard/".
        app.MapGet($"{Path}/{{*file}}", (string? file, HttpRequest request) => string.IsNullOrEmpty(file) && !request.Path.Value!.EndsWith('/')
                ? TypedResults.Redirect($"{Path}/")
                : Serve(files, $"dashboard/{(string.IsNullOrEmpty(file) ? "index.html" : file)}"))
            .ExcludeFromDescription();
        return app;
    }

    public static IEndpointRouteBuilder MapSessionEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", Me)
            .WithTags("Session")
            .WithName("GetSession")
            .WithSummary("Who the caller is: user, role, whether it may send commands and the owners its key is limited to; the dashboard's settings");
        return app;
    }

    static Ok<SessionInfo> Me(HttpRequest request, ApiKeyring keyring, OwnerScope scope, IOptions<DashboardOptions> options)
    {
        var user = request.HttpContext.User;
        var dashboard = options.Value;
        if (keyring.IsEmpty)
        {
            var named = request.Headers[ApiSender.UserHeader].ToString().Trim();
            return TypedResults.Ok(new SessionInfo(named.Length > 0 ? named : null, nameof(ApiRole.Operator), KeysRequired: false, CanOperate: true,
                dashboard.TraceUrl, dashboard.RefreshInterval.TotalSeconds));
        }

        var role = user.FindFirst(ClaimTypes.Role)?.Value ?? nameof(ApiRole.Reader);
        return TypedResults.Ok(new SessionInfo(user.Identity?.Name, role, KeysRequired: true, CanOperate: role == nameof(ApiRole.Operator),
            dashboard.TraceUrl, dashboard.RefreshInterval.TotalSeconds, scope.Owners));
    }

    static IResult Serve(IFileProvider files, string file)
    {
        var info = files.GetFileInfo(file);
        if (!info.Exists || info.IsDirectory)
            return TypedResults.NotFound();
        var type = System.IO.Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return TypedResults.Stream(info.CreateReadStream(), type);
    }
}
