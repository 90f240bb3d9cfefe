using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Triggers.Tests;

/// <summary>Engines on this fixture's own database, started and stopped by the tests.</summary>
public abstract class EngineFixture : PlatformFixture
{
    readonly List<IHost> _hosts = [];

    protected FireRecorder Recorder { get; } = new();

    [OneTimeSetUp]
    public async Task CreateSchema()
    {
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();
    }

    [OneTimeTearDown]
    public async Task StopEngines()
    {
        foreach (var host in _hosts.ToList())
            await StopAsync(host);
    }

    protected EngineTestDbContext NewContext() =>
        new(new DbContextOptionsBuilder<EngineTestDbContext>().UseNpgsql(ConnectionString).Options);

    protected async Task<IHost> StartEngineAsync(string instance, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new Dictionary<string, string?>
        {
            ["Platform:Triggers:InstanceId"] = instance,
            ["Platform:Triggers:MisfireThreshold"] = "00:00:02",
            ["Platform:Triggers:Lease"] = "00:00:02",
            ["Platform:Triggers:Lookahead"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? [])
            configuration[key] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddTestLogging();
        builder.Services.AddDbContext<EngineTestDbContext>(o => o.UseNpgsql(ConnectionString));
        builder.Services.AddSingleton<ITriggerFireObserver>(Recorder.For(instance));
        builder.Services.AddTriggerEngine<EngineTestDbContext, RunCreatingHandler>();
        var host = builder.Build();
        await host.StartAsync();
        _hosts.Add(host);
        return host;
    }

    protected async Task StopAsync(IHost host)
    {
        if (!_hosts.Remove(host))
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }

    /// <summary>The store as the scheduler's activities use it, with the engine's lookahead of this fixture.</summary>
    protected static TriggerStore Store() =>
        new(Microsoft.Extensions.Options.Options.Create(new TriggerEngineOptions { Lookahead = TimeSpan.FromSeconds(1) }));

    /// <summary>Creates or replaces triggers in one transaction, as the scheduler does when it accepts jobs.</summary>
    protected async Task<IReadOnlyList<DateTimeOffset?>> UpsertAsync(params (Guid JobId, int Version, JobTrigger Trigger, MisfirePolicy Misfire)[] triggers)
    {
        await using var db = NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var store = Store();
        var firsts = new List<DateTimeOffset?>();
        foreach (var (jobId, version, trigger, misfire) in triggers)
            firsts.Add(await store.UpsertAsync(db, jobId, version, trigger, misfire, TimeProvider.System.GetUtcNow(), paused: false, trace: default, CancellationToken.None));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return firsts;
    }

    protected async Task<List<TestRun>> RunsOf(Guid jobId)
    {
        await using var db = NewContext();
        return await db.Runs.Where(r => r.JobId == jobId).OrderBy(r => r.ScheduledFor).ToListAsync();
    }

    protected static JobTrigger Once(DateTimeOffset runAt) => new() { Kind = TriggerKind.Once, RunAt = runAt };

    protected static JobTrigger Every(TimeSpan every, DateTimeOffset? startAt = null, int? maxRuns = null) =>
        new() { Kind = TriggerKind.Interval, Every = every, StartAt = startAt, MaxRuns = maxRuns };

    protected static DateTimeOffset Now => TimeProvider.System.GetUtcNow();
}
