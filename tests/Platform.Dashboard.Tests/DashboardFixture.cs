using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using NUnit.Framework;
using Platform.Api.Authentication;
using Platform.Contracts;
using Platform.Scheduler;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.Worker;

namespace Platform.Dashboard.Tests;

/// <summary>
/// The whole platform in this process for one fixture (its own virtual host and database): the real scheduler, a real
/// worker with the built-in handlers, and the real API on Kestrel at a free loopback port with two API keys (an
/// Operator's and a Reader's); and Debian's Chromium, headless, driven by Playwright (which cannot download a browser
/// here), with a fresh profile.
/// </summary>
public abstract class DashboardFixture : PlatformFixture
{
    public const string OperatorKey = "operator-key-for-the-browser-tests";
    public const string ReaderKey = "reader-key-for-the-browser-tests";
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);
    static readonly bool UpdateDocs = Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";

    IHost? _scheduler;
    IHost? _worker;
    WebApplicationFactory<Program>? _api;
    IPlaywright? _playwright;
    IBrowserContext? _browser;
    string? _profile;

    protected string BaseUrl { get; private set; } = "";

    protected HttpClient Api { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartPlatformAndBrowser()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:Announcements:Interval"] = "00:00:01";
        _scheduler = await StartHostAsync(configuration, b => b.AddScheduler());
        _worker = await StartHostAsync(configuration, b => b.AddPlatformBus(x => x.AddPlatformWorker(w => w.AddBuiltInHandlers()),
            (context, cfg) => cfg.ConfigurePlatformWorker(context)));

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        configuration["Platform:Api:ConnectionString"] = ConnectionString;
        configuration["Platform:Api:RequireAuthentication"] = "true";
        configuration["Platform:Api:Keys:0:User"] = "olivia";
        configuration["Platform:Api:Keys:0:KeyHash"] = ApiKeyring.HashOf(OperatorKey);
        configuration["Platform:Api:Keys:0:Role"] = "Operator";
        configuration["Platform:Api:Keys:1:User"] = "rick";
        configuration["Platform:Api:Keys:1:KeyHash"] = ApiKeyring.HashOf(ReaderKey);
        configuration["Platform:Api:Keys:1:Role"] = "Reader";
        configuration["Platform:Api:Dashboard:RefreshInterval"] = "00:00:01";
        configuration["Platform:Api:Dashboard:TraceUrl"] = "http://tempo.invalid/trace?run={runId}";
        _api = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in configuration)
                web.UseSetting(key, value);
            // appsettings.json's Urls (the demo's port) would win over the port given to UseKestrel.
            web.UseSetting("Urls", BaseUrl);
        });
        _api.UseKestrel(port);
        _api.StartServer();
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorKey);

        _playwright = await Playwright.CreateAsync();
        _profile = Directory.CreateTempSubdirectory("platform-dashboard-chromium-").FullName;
        _browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        _browser.SetDefaultTimeout((float)Wait.TotalMilliseconds);
        Assertions.SetDefaultExpectTimeout((float)Wait.TotalMilliseconds);
        Page = _browser.Pages.Count > 0 ? _browser.Pages[0] : await _browser.NewPageAsync();
    }

    [OneTimeTearDown]
    public async Task StopPlatformAndBrowser()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_profile is not null)
            Directory.Delete(_profile, recursive: true);
        Api?.Dispose();
        if (_api is not null)
            await _api.DisposeAsync();
        await StopHostAsync(_worker);
        await StopHostAsync(_scheduler);
    }

    /// <summary>Opens the dashboard and signs in with <paramref name="key"/>.</summary>
    protected async Task SignInAsync(string key)
    {
        await Page.GotoAsync($"{BaseUrl}/dashboard/");
        await Page.GetByTestId("api-key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("role")).ToBeVisibleAsync();
    }

    protected Task GoAsync(string hash) => Page.GotoAsync($"{BaseUrl}/dashboard/#{hash}");

    /// <summary>Keeps a screenshot of the page as a test artefact; with UPDATE_SNAPSHOTS=1 also as docs/dashboard/{name}.png.</summary>
    protected async Task ScreenshotAsync(string name)
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}.png");
        await Page.EvaluateAsync("document.getElementById('toast').replaceChildren()");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        TestContext.AddTestAttachment(path, $"the {name} page");
        if (UpdateDocs)
            File.Copy(path, Path.Combine(DocsDirectory(), $"{name}.png"), overwrite: true);
    }

    /// <summary>Schedules a job through the API (as an operator's script would) and waits until the scheduler has it.</summary>
    protected async Task<Guid> ScheduleAsync(ScheduleJob job)
    {
        using var response = await Api.PostAsJsonAsync("/api/jobs", job, MassTransit.Serialization.SystemTextJsonMessageSerializer.Options);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        await Eventually(async () =>
        {
            using var found = await Api.GetAsync(new Uri($"/api/jobs/{job.JobId}", UriKind.Relative));
            return found.IsSuccessStatusCode;
        }, Wait, $"job {job.JobId} to be accepted");
        return job.JobId;
    }

    protected async Task<JsonElement> GetJsonAsync(string url) =>
        await Api.GetFromJsonAsync<JsonElement>(new Uri(url, UriKind.Relative));

    static async Task<IHost> StartHostAsync(IDictionary<string, string?> configuration, Action<HostApplicationBuilder> add)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddTestLogging();
        add(builder);
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await host.StartAsync(timeout.Token);
        return host;
    }

    static async Task StopHostAsync(IHost? host)
    {
        if (host is null)
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static string DocsDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", "docs", "dashboard"));
}
