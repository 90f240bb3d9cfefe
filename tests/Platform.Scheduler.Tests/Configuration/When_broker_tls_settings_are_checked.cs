using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Platform.Scheduler.Tests.Configuration;

/// <summary>The broker's TLS settings are checked when a service starts, before it connects: a CA file that is not there
/// stops it, naming the setting.</summary>
[TestFixture]
public sealed class When_broker_tls_settings_are_checked
{
    [Test]
    public void Should_refuse_to_start_with_a_ca_certificate_that_is_not_there()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Scheduler:ConnectionString"] = "Host=127.0.0.1;Database=never_opened",
            ["Platform:Quartz:ConnectionString"] = "Host=127.0.0.1;Database=never_opened",
            ["Platform:RabbitMq:Username"] = "never-used",
            ["Platform:RabbitMq:Password"] = "never-used",
            ["Platform:RabbitMq:Tls:Enabled"] = "true",
            ["Platform:RabbitMq:Tls:CaCertificate"] = "/nowhere/ca.crt",
        });
        builder.AddScheduler();
        using var host = builder.Build();

        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(failure!.Failures, Has.Some.Contains("Tls.CaCertificate").And.Some.Contains("/nowhere/ca.crt"));
    }
}
