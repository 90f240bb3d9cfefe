using System.Net;
using System.Text;

namespace Platform.Cli.Tests;

/// <summary>An HTTP server that is not the platform API: every request gets the same 200 JSON answer.</summary>
internal sealed class StaticAnswerHandler(string json) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
}
