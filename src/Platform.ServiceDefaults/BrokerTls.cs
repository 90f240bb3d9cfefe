using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MassTransit;

namespace Platform.ServiceDefaults;

/// <summary>TLS to RabbitMQ as <see cref="RabbitMqTlsOptions"/> asks: TLS 1.2 or 1.3, the broker's certificate checked for
/// the server name and against the machine's trust store, or against the configured CA only when one is given.</summary>
internal static class BrokerTls
{
    public static void Configure(IRabbitMqSslConfigurator tls, RabbitMqOptions options)
    {
        tls.Protocol = SslProtocols.Tls12 | SslProtocols.Tls13;
        tls.ServerName = options.Tls.ServerName is { Length: > 0 } name ? name : options.Host;
        if (options.Tls.CaCertificate is { Length: > 0 } path)
        {
            var ca = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            tls.CertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(ca, certificate, errors);
        }
    }

    /// <summary>Valid for the name (no name mismatch, a certificate was presented) and chaining to <paramref name="ca"/>.</summary>
    static bool TrustedBy(X509Certificate2 ca, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            return false;
        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
