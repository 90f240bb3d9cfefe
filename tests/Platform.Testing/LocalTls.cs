using System.Globalization;

namespace Platform.Testing;

/// <summary>The local servers' TLS (<c>deploy/local/servers.sh</c>): RabbitMQ's TLS port and the CA that signed its
/// certificate, found in the data folder (<c>PLATFORM_DATA_DIR</c>, or <c>.data</c> of the checkout above the tests).</summary>
public static class LocalTls
{
    public static int RabbitPort => int.Parse(Environment.GetEnvironmentVariable("PLATFORM_RABBIT_TLS_PORT") is { Length: > 0 } port ? port : "5671",
        CultureInfo.InvariantCulture);

    /// <summary>The CA certificate's path, or null when the local servers have made none.</summary>
    public static string? CaCertificate()
    {
        if (Environment.GetEnvironmentVariable("PLATFORM_DATA_DIR") is { Length: > 0 } data)
            return Existing(Path.Combine(data, "tls", "ca.crt"));
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Existing(Path.Combine(folder.FullName, ".data", "tls", "ca.crt")) is { } found)
                return found;
        }

        return null;
    }

    static string? Existing(string path) => File.Exists(path) ? path : null;
}
