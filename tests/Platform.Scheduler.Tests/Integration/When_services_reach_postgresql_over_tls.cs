using Npgsql;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>TLS to PostgreSQL is the connection string's (<c>SSL Mode=VerifyFull;Root Certificate=ca.crt</c>): the
/// scheduler (its state, triggers and message scheduler) and the worker's ledger run a job against a server that has a
/// self-signed CA's certificate for 127.0.0.1, every one of their connections encrypted, and a client that does not trust
/// that CA is refused.</summary>
[TestFixture]
public sealed class When_services_reach_postgresql_over_tls : OwnDatabaseScenario
{
    protected override bool Tls => true;

    [Test]
    public async Task Should_run_a_job_with_every_connection_encrypted_and_refuse_an_untrusted_server()
    {
        var job = new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = "platform.noop",
            Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = TimeProvider.System.GetUtcNow() },
        };
        await Probe.Bus.Publish(job);
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the job to run with its state in PostgreSQL over TLS");

        await using var connection = new NpgsqlConnection(ServiceConnectionString);
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
        var untrusted = $"{Postgres.ConnectionString};SSL Mode=VerifyFull";
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
