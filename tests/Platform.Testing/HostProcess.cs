using System.Diagnostics;
using NUnit.Framework;

namespace Platform.Testing;

/// <summary>A platform host (scheduler, worker) started as its own process, for tests that kill it with SIGKILL. Its
/// output goes to NUnit's progress output (or to the writer given, outside a test run), prefixed with its name.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly string _name;
    readonly TextWriter _output;
    readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    Uri? _address;

    HostProcess(Process process, string name, TextWriter output)
    {
        _process = process;
        _name = name;
        _output = output;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The HTTP address the host said it listens on (ASP.NET Core's "Now listening on"), once it has started.</summary>
    public Uri Address => _address ?? throw new InvalidOperationException($"{_name} has not said where it listens (is it a web host, and started?)");

    /// <summary>Starts <c>dotnet <paramref name="assemblyPath"/> [<paramref name="arguments"/>]</c> with
    /// <paramref name="configuration"/> added to this process's (configuration keys with <c>:</c> become <c>__</c>), bound
    /// to a free loopback port. Its output goes to <paramref name="output"/> when given (a program outside NUnit), else to
    /// NUnit's progress output.</summary>
    public static HostProcess Start(string assemblyPath, string name, IDictionary<string, string?> configuration, TextWriter? output = null,
        IEnumerable<string>? arguments = null)
    {
        if (!File.Exists(assemblyPath))
            throw new FileNotFoundException($"Build the host first: {assemblyPath} is missing", assemblyPath);
        var start = new ProcessStartInfo("dotnet", [assemblyPath, .. arguments ?? []])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
        };
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in configuration)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process, name, output ?? TestContext.Progress);
        process.OutputDataReceived += (_, e) => host.Line(e.Data);
        process.ErrorDataReceived += (_, e) => host.Line(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    void Line(string? line)
    {
        if (line is null)
            return;
        _output.WriteLine($"[{_name}] {line}");
        const string listening = "Now listening on: ";
        var at = line.IndexOf(listening, StringComparison.Ordinal);
        if (at >= 0 && _address is null && Uri.TryCreate(line[(at + listening.Length)..].Trim(), UriKind.Absolute, out var address))
            _address = address;
        if (line.Contains("Application started", StringComparison.Ordinal))
            _started.TrySetResult();
    }

    /// <summary>Waits until the host says it has started (its bus included: hosts wait for the bus before that).</summary>
    public async Task WaitUntilStartedAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(_started.Task, exited, Task.Delay(timeout));
        if (finished == exited)
            Assert.Fail($"{_name} exited with code {_process.ExitCode} before it started");
        if (finished != _started.Task)
            Assert.Fail($"{_name} did not start within {timeout.TotalSeconds} s");
    }

    /// <summary>Waits until the process ends by itself (a one-shot mode such as the scheduler's <c>--migrate-only</c>) and
    /// returns its exit code; fails the test when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(timeout)) != exited)
            Assert.Fail($"{_name} did not exit within {timeout.TotalSeconds} s");
        await exited;
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing handed back.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
