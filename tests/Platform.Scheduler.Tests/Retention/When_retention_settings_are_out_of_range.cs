using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using Platform.Scheduler.Retention;

namespace Platform.Scheduler.Tests.Retention;

/// <summary>The retention settings are validated when the scheduler starts, before it touches the database or the broker.</summary>
[TestFixture]
public sealed class When_retention_settings_are_out_of_range
{
    [TestCase("HistoryRetention", "00:10:00")]
    [TestCase("AuditRetention", "00:00:01")]
    [TestCase("RetentionInterval", "00:00:00")]
    [TestCase("RetentionBatchSize", "0")]
    public void Should_refuse_to_start_naming_the_setting(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Scheduler:ConnectionString"] = "Host=127.0.0.1;Database=never_opened",
            ["Platform:Quartz:ConnectionString"] = "Host=127.0.0.1;Database=never_opened",
            ["Platform:RabbitMq:Username"] = "never-used",
            ["Platform:RabbitMq:Password"] = "never-used",
            [$"Platform:Scheduler:{key}"] = value,
        });
        builder.AddScheduler();
        using var host = builder.Build();

        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(failure!.Failures, Has.Some.Contains(key));
    }

    [Test]
    public void Should_keep_the_audit_trail_as_long_as_the_history_unless_told_otherwise()
    {
        var options = new HistoryRetentionOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.HistoryRetention, Is.EqualTo(TimeSpan.FromDays(30)));
            Assert.That(options.EffectiveAuditRetention, Is.EqualTo(TimeSpan.FromDays(30)));
            Assert.That(new HistoryRetentionOptions { AuditRetention = TimeSpan.FromDays(365) }.EffectiveAuditRetention, Is.EqualTo(TimeSpan.FromDays(365)));
        });
    }
}
