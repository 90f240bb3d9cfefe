using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Scheduler;
using Platform.Testing;

namespace Platform.Samples.Tests;

/// <summary>
/// Both samples as a reader runs them (their own processes, their own configuration files, overridden by environment
/// variables to this fixture's virtual host and database) with the real scheduler in this process: orders reach the
/// reports service's own consumer, a report job published over HTTP by the publisher runs in the reports service beside
/// it, and a bad job is refused at once with its field errors.
/// </summary>
[TestFixture]
public sealed class When_the_samples_run_against_the_platform : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    IHost? _scheduler;
    HostProcess? _reports;
    HostProcess? _publisher;
    EventProbe? _probe;

    HostProcess Reports => _reports!;

    HostProcess Publisher => _publisher!;

    EventProbe Probe => _probe!;

    [OneTimeSetUp]
    public async Task StartPlatformAndSamples()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(PlatformConfiguration());
        builder.Logging.AddTestLogging();
        builder.AddScheduler();
        _scheduler = builder.Build();
        await _scheduler.StartAsync();

        _reports = HostProcess.Start(Repository.SamplePath("Samples.Reports"), "reports", new Dictionary<string, string?>
        {
            ["Broker:Host"] = Servers.RabbitHost,
            ["Broker:Port"] = Servers.RabbitPort.ToString(CultureInfo.InvariantCulture),
            ["Broker:VirtualHost"] = VirtualHost,
            ["Broker:Username"] = Servers.RabbitUser,
            ["Broker:Password"] = Servers.RabbitPassword,
            ["Platform:Worker:ConnectionString"] = ConnectionString,
        });
        var publisher = PlatformConfiguration();
        publisher.Remove("Platform:Scheduler:ConnectionString");
        publisher.Remove("Platform:Quartz:ConnectionString");
        _publisher = HostProcess.Start(Repository.SamplePath("Samples.Publisher"), "publisher", publisher);
        await Task.WhenAll(_reports.WaitUntilStartedAsync(Wait), _publisher.WaitUntilStartedAsync(Wait));
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task StopPlatformAndSamples()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        if (_publisher is not null)
            await _publisher.DisposeAsync();
        if (_reports is not null)
            await _reports.DisposeAsync();
        if (_scheduler is not null)
        {
            await _scheduler.StopAsync();
            _scheduler.Dispose();
        }

        _http.Dispose();
    }

    [Test]
    public async Task Should_run_a_report_job_published_over_http_beside_the_services_own_consumer()
    {
        var region = $"region-{Guid.NewGuid():N}";
        foreach (var amount in new[] { 10m, 5m })
            (await _http.PostAsJsonAsync(new Uri(Reports.Address, "/orders"), new { region, amount })).EnsureSuccessStatusCode();
        (await _http.PostAsJsonAsync(new Uri(Reports.Address, "/orders"), new { region = "elsewhere", amount = 7m })).EnsureSuccessStatusCode();
        await Eventually(async () => (await Get(Reports, "/orders")).Count(o => o.GetProperty("region").GetString() == region) == 2, Wait,
            "the reports service's own consumer to record both orders");

        using var scheduled = await _http.PostAsJsonAsync(new Uri(Publisher.Address, "/reports"), new { region });

        Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.Created), await scheduled.Content.ReadAsStringAsync());
        var jobId = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == jobId, Wait, "the report job to run in the reports service");
        var report = (await Get(Reports, "/reports")).Single(r => r.GetProperty("jobId").GetGuid() == jobId);
        Assert.Multiple(() =>
        {
            Assert.That(succeeded.Worker, Does.StartWith("samples-reports@"), "the run went to the reports service's worker queue");
            Assert.That(report.GetProperty("region").GetString(), Is.EqualTo(region));
            Assert.That(report.GetProperty("orders").GetInt32(), Is.EqualTo(2));
            Assert.That(report.GetProperty("total").GetDecimal(), Is.EqualTo(15m));
        });
    }

    [Test]
    public async Task Should_refuse_a_bad_job_with_its_field_errors_at_once()
    {
        using var refused = await _http.PostAsJsonAsync(new Uri(Publisher.Address, "/reports"), new { region = "eu", priority = 12 });

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("The job is invalid"));
            Assert.That(problem.GetProperty("errors").GetProperty("priority")[0].GetString(), Does.Contain("0-9"));
        });
    }

    [Test]
    public async Task Should_schedule_a_report_on_a_cron_in_a_time_zone_and_cancel_it()
    {
        using var scheduled = await _http.PostAsJsonAsync(new Uri(Publisher.Address, "/reports/schedules"),
            new { region = "eu", cron = "0 6 * * MON-FRI", timeZone = "Europe/London" });
        Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.Created), await scheduled.Content.ReadAsStringAsync());
        var answer = await scheduled.Content.ReadFromJsonAsync<JsonElement>();
        var jobId = answer.GetProperty("jobId").GetGuid();
        var nextRunAt = answer.GetProperty("nextRunAt").GetDateTimeOffset();

        using var cancelled = await _http.DeleteAsync(new Uri(Publisher.Address, $"/reports/schedules/{jobId}"));

        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await Probe.WaitFor<JobCancelled>(c => c.JobId == jobId, Wait, "the schedule to be cancelled");
        var london = TimeZoneInfo.ConvertTime(nextRunAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        Assert.Multiple(() =>
        {
            Assert.That((london.Hour, london.Minute), Is.EqualTo((6, 0)), "06:00 London time");
            Assert.That(london.DayOfWeek, Is.Not.EqualTo(DayOfWeek.Saturday).And.Not.EqualTo(DayOfWeek.Sunday));
        });
    }

    async Task<List<JsonElement>> Get(HostProcess host, string path) =>
        await _http.GetFromJsonAsync<List<JsonElement>>(new Uri(host.Address, path)) ?? [];
}
