using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Bench.Chaos;

/// <summary>A fresh virtual host and database on the local servers (the test fixture's, used outside NUnit), and the
/// configuration of the scheduler and worker processes on them: short leases, as in the kill tests, so fail-over is quick,
/// and the workers' circuit breaker off.</summary>
public sealed class ChaosEnvironment : PlatformFixture
{
    /// <summary>A scheduler's claims expire this long after its last renewal: the survivor takes them over then.</summary>
    public static readonly TimeSpan SchedulerLease = TimeSpan.FromSeconds(2);

    /// <summary>How far ahead a scheduler claims occurrences.</summary>
    public static readonly TimeSpan Lookahead = TimeSpan.FromSeconds(1);

    /// <summary>A worker's run lease expires this long after its last heartbeat: another worker takes the run over then.</summary>
    public static readonly TimeSpan WorkerLease = TimeSpan.FromSeconds(3);

    public ServerEndpoints Endpoints => Servers;

    public string Vhost => VirtualHost;

    public string DatabaseName => Database;

    public string DatabaseConnectionString => ConnectionString;

    /// <summary>More settings for every process (the steady soak's retention, for instance).</summary>
    public Action<IDictionary<string, string?>>? Configure { get; init; }

    public static string SchedulerHostPath => Metadata("SchedulerHostPath");

    public static string WorkerHostPath => Metadata("WorkerHostPath");

    public Dictionary<string, string?> SchedulerConfiguration(string instance)
    {
        var configuration = Configuration();
        configuration["Platform:Triggers:InstanceId"] = instance;
        configuration["Platform:Triggers:Lease"] = SchedulerLease.ToString();
        configuration["Platform:Triggers:Lookahead"] = Lookahead.ToString();
        configuration["Platform:Quartz:CheckinInterval"] = "00:00:01";
        configuration["Platform:Quartz:CheckinMisfireThreshold"] = "00:00:02";
        configuration["Platform:Outbox:QueryDelay"] = "00:00:01";
        Configure?.Invoke(configuration);
        return configuration;
    }

    public Dictionary<string, string?> WorkerConfiguration(string instance)
    {
        var configuration = Configuration();
        configuration["Platform:Worker:InstanceName"] = instance;
        configuration["Platform:Worker:ConnectionString"] = ConnectionString;
        configuration["Platform:Worker:HeartbeatInterval"] = "00:00:00.500";
        configuration["Platform:Worker:LeaseTimeout"] = WorkerLease.ToString();
        // platform.fail fails on purpose (once per run, then its retry succeeds): with the breaker on, those failures
        // open it and hold every platform.fail run back for its cool-down, which would measure the breaker, not fail-over.
        configuration["Platform:Worker:CircuitBreaker:Enabled"] = "false";
        Configure?.Invoke(configuration);
        return configuration;
    }

    /// <summary>The fixture's servers; on a RabbitMQ cluster (the broker drills), quorum queues: the scheduler's and the
    /// workers' bands, as docs/deploy.md asks for a cluster.</summary>
    Dictionary<string, string?> Configuration()
    {
        var configuration = PlatformConfiguration();
        if (Servers.RabbitNodes.Count > 0)
        {
            configuration["Platform:RabbitMq:QuorumQueues"] = "true";
            configuration["Platform:Worker:QueueMode"] = "QuorumBands";
        }

        return configuration;
    }

    /// <summary>Every queue of the virtual host and how many messages it holds (ready and unacknowledged).</summary>
    public async Task<IReadOnlyList<(string Name, long Messages)>> QueuesAsync()
    {
        var queues = await Management.GetFromJsonAsync<JsonElement[]>(new Uri($"api/queues/{Uri.EscapeDataString(VirtualHost)}", UriKind.Relative)) ?? [];
        return queues.Select(q => (q.GetProperty("name").GetString()!,
            q.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : 0)).ToList();
    }

    /// <summary>The repository this bench was built from.</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    static string Metadata(string key) => typeof(ChaosEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}
