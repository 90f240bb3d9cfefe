using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Platform.Scheduler.Tests.Configuration;

/// <summary>The broker settings are checked when a service starts, before it connects: a TLS CA file that is not there, or
/// a cluster node that is not host:port, stops it, naming the setting.</summary>
[TestFixture]
public sealed class When_broker_settings_are_checked
{
    [TestCase("Platform:RabbitMq:Tls:CaCertificate", "/nowhere/ca.crt", "Tls.CaCertificate: no file /nowhere/ca.crt")]
    [TestCase("Platform:RabbitMq:Nodes:0", "rabbit-1", "Nodes: 'rabbit-1' is not host:port")]
    [TestCase("Platform:RabbitMq:Nodes:0", "127.0.0.1:99999", "Nodes: '127.0.0.1:99999' is not host:port")]
    public void Should_refuse_to_start_naming_the_setting(string key, string value, string message)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Scheduler:ConnectionString"] = "Host=127.0.0.1;Database=never_opened",
            ["Platform:Quartz:ConnectionString"] = "Host=127.0.0.1;Database=never_opened",
            ["Platform:RabbitMq:Username"] = "never-used",
            ["Platform:RabbitMq:Password"] = "never-used",
            ["Platform:RabbitMq:Tls:Enabled"] = "true",
            [key] = value,
        });
        builder.AddScheduler();
        using var host = builder.Build();

        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(failure!.Failures, Has.Some.Contains(message));
    }
}
