using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>TLS to PostgreSQL is the connection string's (<c>SSL Mode=VerifyFull;Root Certificate=ca.crt</c>): the
/// scheduler (its state, triggers and message scheduler) and the worker's ledger run a job against a server that has a
/// self-signed CA's certificate for 127.0.0.1, every one of their connections encrypted, and a client that does not trust
/// that CA is refused.</summary>
[TestFixture]
public sealed class When_services_reach_postgresql_over_tls : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    PrivatePostgres? _postgres;
    IHost? _scheduler;
    IHost? _worker;
    EventProbe? _probe;

    string Tls => $"{_postgres!.ConnectionString};SSL Mode=VerifyFull;Root Certificate={_postgres.CaCertificatePath}";

    [OneTimeSetUp]
    public async Task StartOverTls()
    {
        var bin = PrivatePostgres.BinariesFolder();
        if (bin is null)
            Assert.Ignore("No local PostgreSQL binaries here: the TLS test needs a server of its own with a test certificate");
        _postgres = await PrivatePostgres.CreateAsync(bin!, tls: true);
        var configuration = PlatformConfiguration();
        configuration["Platform:Scheduler:ConnectionString"] = Tls;
        configuration["Platform:Quartz:ConnectionString"] = Tls;
        configuration["Platform:Worker:ConnectionString"] = Tls;
        _scheduler = await PlatformHosts.StartSchedulerAsync(configuration);
        _worker = await PlatformHosts.StartWorkerAsync(configuration);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        await _worker.StopQuietlyAsync();
        await _scheduler.StopQuietlyAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    [Test]
    public async Task Should_run_a_job_with_every_connection_encrypted_and_refuse_an_untrusted_server()
    {
        var job = new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = "platform.noop",
            Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = TimeProvider.System.GetUtcNow() },
        };
        await _probe!.Bus.Publish(job);
        await _probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the job to run with its state in PostgreSQL over TLS");

        await using var connection = new NpgsqlConnection(Tls);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select count(*), count(*) filter (where s.ssl), (select count(*) from worker.completed_runs where job_id = $1)
            from pg_stat_activity a join pg_stat_ssl s using (pid)
            where a.datname = current_database() and a.backend_type = 'client backend'
            """, connection);
        command.Parameters.AddWithValue(job.JobId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (connections, encrypted, completed) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        var untrusted = $"{_postgres!.ConnectionString};SSL Mode=VerifyFull";
        Assert.Multiple(() =>
        {
            Assert.That(completed, Is.EqualTo(1), "the worker's ledger, over TLS, recorded the run");
            Assert.That(connections, Is.GreaterThan(1), "the services hold connections of their own");
            Assert.That(encrypted, Is.EqualTo(connections), "every connection to the platform's database is encrypted");
            Assert.ThrowsAsync(Is.InstanceOf<NpgsqlException>().Or.InstanceOf<System.Security.Authentication.AuthenticationException>(), async () =>
            {
                await using var refused = new NpgsqlConnection(untrusted);
                await refused.OpenAsync();
            }, "a client that does not trust the server's CA is refused");
        });
    }
}
