using System.Diagnostics;

namespace Platform.Bench.Chaos;

/// <summary>deploy/local/servers.sh, the local servers' script (as root): crashes PostgreSQL, kills, stops and starts the
/// nodes of the RabbitMQ cluster.</summary>
public static class LocalServers
{
    /// <summary>The cluster's nodes as <c>host:port</c>, as <c>servers.sh cluster-up</c> starts them.</summary>
    public static readonly IReadOnlyList<string> ClusterNodes = ["127.0.0.1:5681", "127.0.0.1:5682", "127.0.0.1:5683"];

    /// <summary>Node 1's management API.</summary>
    public const int ClusterManagementPort = 15681;

    /// <summary>Runs the script with <paramref name="arguments"/>; its standard output, or an exception naming the command.</summary>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var script = Path.Combine(ChaosEnvironment.RepositoryRoot, "deploy", "local", "servers.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {script}");
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error} (the drill needs root and the local servers)");
        return output;
    }

    /// <summary>Starts the 3-node cluster unless every node is up already.</summary>
    public static async Task EnsureClusterAsync(Action<string> say)
    {
        var status = await RunAsync("cluster-status");
        if (status.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(l => l.Contains(" up ", StringComparison.Ordinal)))
            return;
        say("starting the 3-node RabbitMQ cluster (deploy/local/servers.sh cluster-up)");
        await RunAsync("cluster-up");
    }
}
