using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>The scheduler and a worker (its ledger in PostgreSQL too) on a PostgreSQL server of the fixture's own
/// (<see cref="PrivatePostgres"/>), which a test may crash or give TLS without disturbing other fixtures; the broker is
/// the shared one, on the fixture's virtual host. Ignored with the reason where no local PostgreSQL binaries exist.</summary>
public abstract class OwnDatabaseScenario : PlatformFixture
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    PrivatePostgres? _postgres;
    EventProbe? _probe;

    protected PrivatePostgres Postgres => _postgres!;

    protected EventProbe Probe => _probe!;

    protected IHost? Scheduler { get; private set; }

    protected IHost? Worker { get; private set; }

    /// <summary>Whether the server has a test CA's certificate and the services connect with <c>VerifyFull</c>.</summary>
    protected virtual bool Tls => false;

    /// <summary>The services' connection string: the server's, with TLS verified against its CA when <see cref="Tls"/>.</summary>
    protected string ServiceConnectionString =>
        Tls ? $"{Postgres.ConnectionString};SSL Mode=VerifyFull;Root Certificate={Postgres.CaCertificatePath}" : Postgres.ConnectionString;

    [OneTimeSetUp]
    public async Task StartOnOwnDatabase()
    {
        var bin = PrivatePostgres.BinariesFolder();
        if (bin is null)
            Assert.Ignore("No local PostgreSQL binaries here: this needs a PostgreSQL server of its own (deploy/local/servers.sh installs them)");
        _postgres = await PrivatePostgres.CreateAsync(bin!, Tls);
        var configuration = PlatformConfiguration();
        configuration["Platform:Scheduler:ConnectionString"] = ServiceConnectionString;
        configuration["Platform:Quartz:ConnectionString"] = ServiceConnectionString;
        configuration["Platform:Worker:ConnectionString"] = ServiceConnectionString;
        Scheduler = await PlatformHosts.StartSchedulerAsync(configuration);
        Worker = await PlatformHosts.StartWorkerAsync(configuration);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task StopOwnDatabase()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        await Worker.StopQuietlyAsync();
        await Scheduler.StopQuietlyAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }
}
