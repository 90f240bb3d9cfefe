using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Testing;

namespace Platform.Client.Tests;

/// <summary>The awaited acceptance gives up after its timeout, saying the job was sent, when no scheduler runs on the
/// virtual host.</summary>
[TestFixture]
public sealed class When_no_scheduler_answers : PlatformFixture
{
    IHost? _service;

    [OneTimeSetUp]
    public async Task StartService() => _service = await ClientHost.StartServiceAsync(Servers, VirtualHost);

    [OneTimeTearDown]
    public Task StopService() => _service.StopQuietlyAsync();

    [Test]
    public void Should_time_out_after_the_given_time()
    {
        var job = JobDefinitions.Create("platform.noop", JobTriggers.OnceAt(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var timedOut = Assert.ThrowsAsync<TimeoutException>(() => _service!.WithJobs(jobs => jobs.ScheduleAndWaitAsync(job, TimeSpan.FromSeconds(2))));

        Assert.Multiple(() =>
        {
            Assert.That(timedOut!.Message, Does.Contain(job.JobId.ToString()).And.Contain("may still be accepted"));
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)).And.LessThan(TimeSpan.FromSeconds(20)));
        });
    }
}
