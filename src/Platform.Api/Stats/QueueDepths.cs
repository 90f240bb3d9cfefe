using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults;

namespace Platform.Api.Stats;

/// <summary>Reads the depth of every queue of the platform's virtual host from RabbitMQ's management API
/// (<see cref="RabbitManagementOptions"/>). A failure is reported, not thrown: the overview shows it instead of the table.</summary>
public sealed class QueueDepths(HttpClient http, IOptions<RabbitManagementOptions> options, IOptions<RabbitMqOptions> bus)
{
    public async Task<(IReadOnlyList<QueueDepth> Queues, string? Problem)> ReadAsync(CancellationToken cancellationToken)
    {
        var management = options.Value;
        if (management.Url is null)
            return ([], $"queue depths are off: set {RabbitManagementOptions.Section}:Url (RabbitMQ's management API)");
        var vhost = management.VirtualHost ?? bus.Value.VirtualHost;
        var uri = new Uri(management.Url, $"api/queues/{Uri.EscapeDataString(vhost)}?columns=name,messages_ready,messages_unacknowledged,consumers");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{management.Username}:{management.Password}")));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(management.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
                return ([], $"RabbitMQ's management API at {management.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            var queues = await response.Content.ReadFromJsonAsync<JsonElement[]>(timeout.Token) ?? [];
            return (queues.Select(q => new QueueDepth(
                    q.GetProperty("name").GetString() ?? "",
                    Number(q, "messages_ready"),
                    Number(q, "messages_unacknowledged"),
                    (int)Number(q, "consumers")))
                .OrderBy(q => q.Name, StringComparer.Ordinal)
                .ToList(), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ([], $"RabbitMQ's management API at {management.Url} could not be read: {exception.Message}");
        }
    }

    static long Number(JsonElement queue, string property) =>
        queue.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
}
