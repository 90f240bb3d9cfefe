using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>TLS to RabbitMQ (<c>Platform:RabbitMq:Tls</c>): the scheduler and a worker connect to the local broker's TLS
/// listener, whose certificate for 127.0.0.1 the local servers' own CA signed (<c>deploy/local/servers.sh</c>), trusting
/// that CA only, and run a job; the broker shows their connections encrypted.</summary>
[TestFixture]
public sealed class When_services_reach_rabbitmq_over_tls : SchedulerScenario
{
    string? _ca;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Platform:RabbitMq:Port"] = LocalTls.RabbitPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Platform:RabbitMq:Tls:Enabled"] = "true",
        ["Platform:RabbitMq:Tls:CaCertificate"] = _ca,
    };

    protected override async Task PrepareAsync()
    {
        _ca = LocalTls.CaCertificate();
        if ((TestServers.DockerAvailable && Environment.GetEnvironmentVariable("PLATFORM_TEST_SERVERS") != "local") || _ca is null)
            Assert.Ignore("The broker's TLS listener is the local servers' (deploy/local/servers.sh up makes its certificate)");
        using var probe = new System.Net.Sockets.TcpClient();
        try
        {
            await probe.ConnectAsync(Servers.RabbitHost, LocalTls.RabbitPort).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is System.Net.Sockets.SocketException or TimeoutException)
        {
            Assert.Fail($"No TLS listener on {Servers.RabbitHost}:{LocalTls.RabbitPort}: RabbitMQ was started before its configuration had one; " +
                "restart the local servers (./platform servers down, then up)");
        }
    }

    [Test]
    public async Task Should_run_a_job_over_encrypted_connections()
    {
        var job = Job(Once(Now));
        await Probe.Bus.Publish(job);
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the job to run through the scheduler and the worker over TLS");

        // The management API lists connections with its statistics, a few seconds behind.
        JsonElement[]? connections = null;
        await Eventually(async () =>
        {
            connections = await Management.GetFromJsonAsync<JsonElement[]>(new Uri($"api/vhosts/{Uri.EscapeDataString(VirtualHost)}/connections", UriKind.Relative));
            return connections!.Length >= 3;
        }, Wait, "the broker to list the scheduler's, the worker's and the probe's connections");
        var byTls = connections!.GroupBy(c => c.GetProperty("ssl").GetBoolean()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Multiple(() =>
        {
            Assert.That(byTls.GetValueOrDefault(true), Is.GreaterThanOrEqualTo(2), "the scheduler's and the worker's connections are TLS");
            Assert.That(connections!.Where(c => c.GetProperty("ssl").GetBoolean()).Select(c => c.GetProperty("port").GetInt32()).Distinct(),
                Is.EqualTo(new[] { LocalTls.RabbitPort }), "on the TLS listener");
            Assert.That(byTls.GetValueOrDefault(false), Is.EqualTo(1), "only the test's probe connects in plain AMQP");
        });
    }
}
