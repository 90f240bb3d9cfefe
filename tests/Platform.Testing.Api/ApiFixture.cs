using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Platform.Scheduler.Persistence;

namespace Platform.Testing.Api;

/// <summary>
/// The real API (its Program: defaults, bus, read model, routes) in memory, on this fixture's virtual host and database.
/// A fixture's own one-time set-up runs after the API has started (the API reads the database only when asked, so tables
/// migrated or a scheduler started then are in time).
/// </summary>
public abstract class ApiFixture : PlatformFixture
{
    WebApplicationFactory<Program>? _factory;
    HttpClient? _client;

    protected HttpClient Client => _client ?? throw new InvalidOperationException("The API has not been started");

    protected IServiceProvider ApiServices => _factory?.Services ?? throw new InvalidOperationException("The API has not been started");

    [OneTimeSetUp]
    public async Task StartApi()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Api:ConnectionString"] = ConnectionString;
        ConfigureApi(configuration);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in configuration)
                web.UseSetting(key, value);
            web.ConfigureTestServices(ConfigureApiServices);
        });
        _client = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopApi()
    {
        _client?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
    }

    /// <summary>Adds or changes the API's settings (the fixture's servers and database are already in).</summary>
    protected virtual void ConfigureApi(IDictionary<string, string?> configuration)
    {
    }

    protected virtual void ConfigureApiServices(IServiceCollection services)
    {
    }

    /// <summary>Creates the scheduler's tables in this fixture's database, as the scheduler does when it starts.</summary>
    protected async Task MigrateSchedulerDatabaseAsync()
    {
        await using var db = SchedulerDb();
        await db.Database.MigrateAsync();
    }

    /// <summary>The scheduler's own DbContext on this fixture's database, to seed rows as the scheduler writes them.</summary>
    protected SchedulerDbContext SchedulerDb() =>
        new(new DbContextOptionsBuilder<SchedulerDbContext>().UsePlatformScheduler(ConnectionString).Options);

    protected async Task<(HttpStatusCode Status, JsonElement Body)> GetJson(string url)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        return (response.StatusCode, await ReadJson(response));
    }

    protected async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostJson(string url, object? body, string? user = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative));
        if (body is not null)
            request.Content = body is string text ? new StringContent(text, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body, options: Wire);
        if (user is not null)
            request.Headers.Add("X-Platform-User", user);
        var response = await Client.SendAsync(request);
        return (response.StatusCode, await ReadJson(response), response);
    }

    /// <summary>The contracts' wire format (camelCase, enums as names).</summary>
    protected static JsonSerializerOptions Wire => MassTransit.Serialization.SystemTextJsonMessageSerializer.Options;

    static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
