using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>
/// The broker fault drill, short (the long ones, on a 3-node cluster: <c>bench/Platform.Bench.Chaos --fault broker-node</c>,
/// <c>broker-rolling</c>, <c>broker-down</c>): while an interval job fires every second, the broker cuts every connection of
/// the fixture's virtual host three times, as a node going away does to its clients. The scheduler, the worker and the
/// outbox reconnect on their own: every occurrence is fired, run and completed exactly once, and the services are
/// connected again afterwards. Counted in PostgreSQL (the probe's own queue goes with its connection).
/// </summary>
[TestFixture]
public sealed class When_broker_connections_are_cut : SchedulerScenario
{
    const int Occurrences = 12;

    /// <summary>The worker's ledger in the fixture's database, beside the scheduler's tables.</summary>
    protected override Dictionary<string, string?> Settings => new() { ["Platform:Worker:ConnectionString"] = ConnectionString };

    [Test]
    public async Task Should_fire_and_run_every_occurrence_once_and_reconnect()
    {
        var job = Job(Every(TimeSpan.FromSeconds(1), Occurrences, Now.AddSeconds(2)), "platform.sleep", Sleep(100)) with
        {
            Misfire = MisfirePolicy.CatchUp,
            Overlap = OverlapPolicy.Allow,
        };
        await ScheduleAsync(job);
        await Eventually(async () => (await OccurrenceCounts.ReadAsync(ConnectionString, job.JobId)).Succeeded >= 2, Wait, "two runs to succeed before the cuts");

        var cut = Now;
        var closed = 0;
        for (var i = 0; i < 3; i++)
        {
            closed += await CloseConnectionsAsync();
            // The next cut while the services are reconnecting or just back, and the job keeps firing meanwhile.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }

        await Eventually(async () => (await OccurrenceCounts.ReadAsync(ConnectionString, job.JobId)).Succeeded >= Occurrences, Wait,
            $"all {Occurrences} runs to succeed after the cuts");
        await Session.WaitUntilQuietAsync(Wait, "the platform to settle after the cuts");
        var counts = await OccurrenceCounts.ReadAsync(ConnectionString, job.JobId);
        var reconnected = (await ConnectionsAsync()).Count(c => c.ConnectedAt > cut);
        Assert.Multiple(() =>
        {
            Assert.That(closed, Is.GreaterThanOrEqualTo(3), "connections were cut (the scheduler's, the worker's and the probe's at least once)");
            Assert.That((counts.Fires, counts.DistinctFires), Is.EqualTo((Occurrences, Occurrences)), "every occurrence fired once");
            Assert.That((counts.Runs, counts.Succeeded), Is.EqualTo((Occurrences, Occurrences)), "every run recorded, and succeeded");
            Assert.That((counts.Completions, counts.CompletedTwice), Is.EqualTo((Occurrences, 0)), "every run completed once in the worker's ledger");
            Assert.That(reconnected, Is.GreaterThanOrEqualTo(3), "the scheduler, the worker and the probe connected again");
        });
    }

    async Task<int> CloseConnectionsAsync()
    {
        var connections = await ConnectionsAsync();
        foreach (var (name, _) in connections)
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri($"api/connections/{Uri.EscapeDataString(name)}", UriKind.Relative));
            request.Headers.Add("X-Reason", "broker fault drill");
            using (await Management.SendAsync(request))
            {
                // A connection that closed on its own meanwhile answers 404: nothing to cut.
            }
        }

        return connections.Count;
    }

    async Task<List<(string Name, DateTimeOffset ConnectedAt)>> ConnectionsAsync()
    {
        var connections = await Management.GetFromJsonAsync<JsonElement[]>(new Uri($"api/vhosts/{VirtualHost}/connections", UriKind.Relative)) ?? [];
        return connections.Select(c => (c.GetProperty("name").GetString()!, DateTimeOffset.FromUnixTimeMilliseconds(c.GetProperty("connected_at").GetInt64()))).ToList();
    }
}
