namespace Platform.Bench.Chaos;

/// <summary>One fault of a server: <see cref="What"/> began at <see cref="Began"/> and the server was whole again at
/// <see cref="Back"/>.</summary>
public sealed record ServerFault(string What, DateTimeOffset Began, DateTimeOffset Back)
{
    /// <summary>PostgreSQL stopped as by a crash (<c>pg_ctl -m immediate</c>: no checkpoint, every connection cut), kept
    /// down for <paramref name="down"/>, started again (crash recovery replays the WAL).</summary>
    public static async Task<ServerFault> DatabaseCrashAsync(TimeSpan down)
    {
        await LocalServers.RunAsync("pg-crash");
        var began = TimeProvider.System.GetUtcNow();
        await WaitAsync(down);
        await LocalServers.RunAsync("pg-start");
        return new ServerFault($"PostgreSQL crashed (pg_ctl -m immediate), down {down.TotalSeconds:F0} s", began, TimeProvider.System.GetUtcNow());
    }

    /// <summary>One node of the RabbitMQ cluster killed with SIGKILL, kept down for <paramref name="down"/>, started again
    /// (it rejoins the cluster and its quorum queue replicas catch up).</summary>
    public static async Task<ServerFault> BrokerNodeKillAsync(int node, TimeSpan down)
    {
        await LocalServers.RunAsync("cluster-kill", node.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var began = TimeProvider.System.GetUtcNow();
        await WaitAsync(down);
        await LocalServers.RunAsync("cluster-start", node.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new ServerFault($"RabbitMQ node {node} killed (SIGKILL), down {down.TotalSeconds:F0} s", began, TimeProvider.System.GetUtcNow());
    }

    /// <summary>A rolling restart: each node in turn stopped as for maintenance and started again, the next one once it is
    /// back in the cluster.</summary>
    public static async Task<ServerFault> BrokerRollingRestartAsync()
    {
        var began = TimeProvider.System.GetUtcNow();
        foreach (var node in new[] { "1", "2", "3" })
        {
            await LocalServers.RunAsync("cluster-stop", node);
            await LocalServers.RunAsync("cluster-start", node);
        }

        return new ServerFault("RabbitMQ rolling restart of nodes 1, 2, 3", began, TimeProvider.System.GetUtcNow());
    }

    /// <summary>The whole broker down: every node killed with SIGKILL (a power cut), kept down for <paramref name="down"/>,
    /// all started again together.</summary>
    public static async Task<ServerFault> BrokerDownAsync(TimeSpan down)
    {
        await LocalServers.RunAsync("cluster-kill", "all");
        var began = TimeProvider.System.GetUtcNow();
        await WaitAsync(down);
        await LocalServers.RunAsync("cluster-start", "all");
        return new ServerFault($"RabbitMQ: all 3 nodes killed (SIGKILL), down {down.TotalSeconds:F0} s", began, TimeProvider.System.GetUtcNow());
    }

    static Task WaitAsync(TimeSpan down) => down > TimeSpan.Zero ? Task.Delay(down) : Task.CompletedTask;
}
