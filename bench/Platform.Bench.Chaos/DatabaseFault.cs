using System.Diagnostics;

namespace Platform.Bench.Chaos;

/// <summary>One PostgreSQL fault: stopped as by a crash (<c>pg_ctl -m immediate</c>: no checkpoint, every connection cut)
/// at <see cref="CrashedAt"/>, started again at <see cref="BackAt"/> (crash recovery replays the WAL).</summary>
public sealed record DatabaseFault(DateTimeOffset CrashedAt, DateTimeOffset BackAt)
{
    /// <summary>Crashes the local PostgreSQL of deploy/local/servers.sh, keeps it down for <paramref name="down"/>, starts it again.</summary>
    public static async Task<DatabaseFault> RunAsync(TimeSpan down)
    {
        await ServersAsync("pg-crash");
        var crashed = TimeProvider.System.GetUtcNow();
        if (down > TimeSpan.Zero)
            await Task.Delay(down);
        await ServersAsync("pg-start");
        return new DatabaseFault(crashed, TimeProvider.System.GetUtcNow());
    }

    static async Task ServersAsync(string command)
    {
        var script = Path.Combine(RepositoryRoot(), "deploy", "local", "servers.sh");
        using var process = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { script, command }, RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"could not run {script}");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {command} failed ({process.ExitCode}): {await error} (the drill needs root and the local servers)");
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "platform")) && Directory.Exists(Path.Combine(directory.FullName, "deploy")))
                return directory.FullName;
        }

        throw new InvalidOperationException("the repository root (with ./platform) was not found above " + AppContext.BaseDirectory);
    }
}
