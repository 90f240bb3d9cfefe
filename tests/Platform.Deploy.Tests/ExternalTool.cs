using System.ComponentModel;
using System.Diagnostics;
using NUnit.Framework;

namespace Platform.Deploy.Tests;

/// <summary>What a command printed and how it ended.</summary>
public sealed record ToolResult(string Command, int ExitCode, string Output, string Error)
{
    public override string ToString() => $"`{Command}` exited with {ExitCode}:\n{Error}{Output}";
}

/// <summary>Runs the command-line tools the deployment files are checked with (docker-compose, kubectl, the repository's
/// scripts), with a bounded wait. A missing tool fails the test with how to get it.</summary>
public static class ExternalTool
{
    static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static async Task<ToolResult> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeLimit = null)
    {
        var limit = timeLimit ?? DefaultTimeout;
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryFiles.Root,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        var command = string.Join(' ', [file, .. start.ArgumentList]);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            Assert.Fail($"{file} could not be started ({exception.Message}): `./platform test` installs docker-compose, kubectl and promtool (Debian package prometheus) " +
                "with apt-get when they are missing");
            throw;
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{command}` did not end within {limit.TotalSeconds} s");
        }

        return new ToolResult(command, process.ExitCode, await output, await error);
    }
}
