using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Platform.Testing;

/// <summary>
/// A PostgreSQL server of a fixture's own (initdb in a temporary folder, on a free loopback port), for fault drills that
/// crash it (<see cref="CrashAsync"/>: <c>pg_ctl -m immediate</c>, as a power cut: no checkpoint, every connection cut) and
/// start it again (<see cref="StartAsync"/>: crash recovery replays the write-ahead log) without disturbing the shared
/// server other fixtures use. Needs the local PostgreSQL binaries (<c>deploy/local/servers.sh</c> installs them); run as
/// root, the server runs as the <c>postgres</c> user. With TLS, it has a certificate for 127.0.0.1 signed by a CA of its
/// own (<see cref="CaCertificatePath"/>), made with openssl.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    const string Database = "platform";
    readonly string _bin;
    readonly string _data;
    readonly int _port;
    readonly bool _tls;

    PrivatePostgres(string bin, string data, int port, bool tls)
    {
        _bin = bin;
        _data = data;
        _port = port;
        _tls = tls;
    }

    /// <summary>With TLS: the CA certificate (PEM) that signed the server's certificate, for a client's
    /// <c>Root Certificate</c>.</summary>
    public string CaCertificatePath => Path.Combine(_data, "ca.crt");

    /// <summary>The platform database on this server (trust authentication on loopback).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Database={Database};Username=postgres;Timeout=3;Command Timeout=10";

    /// <summary>The binaries' folder, or null when this machine has none (a Docker-only machine).</summary>
    public static string? BinariesFolder() =>
        Environment.GetEnvironmentVariable("PLATFORM_PG_BIN") is { Length: > 0 } configured ? configured
        : Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var version) ? version : 0).FirstOrDefault()
            : null;

    /// <summary>Creates, starts and provisions a new server (a few seconds).</summary>
    public static async Task<PrivatePostgres> CreateAsync(string bin, bool tls = false)
    {
        var data = Path.Combine(Path.GetTempPath(), $"platform-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        if (Environment.IsPrivilegedProcess)
            await RunAsync("chown", "postgres:postgres", data);
        var server = new PrivatePostgres(bin, data, FreePort(), tls);
        await server.RunAsPostgresAsync("initdb", "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8");
        if (tls)
            await server.MakeCertificatesAsync();
        await server.StartAsync();
        await using var connection = new NpgsqlConnection(server.ConnectionString.Replace($"Database={Database}", "Database=postgres", StringComparison.Ordinal));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"create database {Database}", connection);
        await create.ExecuteNonQueryAsync();
        return server;
    }

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public Task StartAsync() => RunAsPostgresAsync("pg_ctl", "-D", _data, "-l", Path.Combine(_data, "server.log"), "-w", "-t", "60", "-o",
        $"-c listen_addresses=127.0.0.1 -c port={_port} -c unix_socket_directories={_data} -c max_connections=200" +
        (_tls ? $" -c ssl=on -c ssl_cert_file={_data}/server.crt -c ssl_key_file={_data}/server.key" : ""), "start");

    /// <summary>A CA, and a certificate for 127.0.0.1 and localhost signed by it, in the data folder (the key readable by
    /// the server's user only, as PostgreSQL demands).</summary>
    async Task MakeCertificatesAsync()
    {
        string In(string file) => Path.Combine(_data, file);
        await RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=platform-test-ca",
            "-keyout", In("ca.key"), "-out", In("ca.crt"));
        await RunAsync("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", In("server.key"), "-out", In("server.csr"));
        await File.WriteAllTextAsync(In("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        await RunAsync("openssl", "x509", "-req", "-in", In("server.csr"), "-CA", In("ca.crt"), "-CAkey", In("ca.key"), "-CAcreateserial", "-days", "2",
            "-extfile", In("server.ext"), "-out", In("server.crt"));
        await RunAsync("chmod", "600", In("server.key"));
        if (Environment.IsPrivilegedProcess)
            await RunAsync("chown", "postgres:postgres", In("server.key"), In("server.crt"));
    }

    /// <summary>Stops the server as a crash would: immediately, without a checkpoint, every connection cut.</summary>
    public Task CrashAsync() => RunAsPostgresAsync("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped (crashed by the test and not started again).
        }

        Directory.Delete(_data, recursive: true);
    }

    Task RunAsPostgresAsync(string tool, params string[] arguments) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
