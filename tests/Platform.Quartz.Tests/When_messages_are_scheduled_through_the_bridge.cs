using MassTransit;
using MassTransit.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Quartz.Tests;

/// <summary>MassTransit's message scheduler API against the project's Quartz bridge, clustered on PostgreSQL.</summary>
[TestFixture]
public sealed class When_messages_are_scheduled_through_the_bridge : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    readonly PingRecorder _recorder = new();
    IHost? _host;

    IServiceProvider Services => _host!.Services;

    static Uri PingQueue => new("queue:ping");

    [OneTimeSetUp]
    public async Task StartBridge()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(PlatformConfiguration());
        builder.Logging.AddTestLogging();
        builder.Services.AddSingleton(_recorder);
        builder.AddPlatformQuartz();
        builder.AddPlatformBus(x =>
        {
            x.AddQuartzBridgeConsumers(MessageSchedulerOptions.DefaultQueue);
            x.AddConsumer<PingConsumer>().Endpoint(e => e.Name = "ping");
        });
        _host = builder.Build();
        await _host.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopBridge()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    [Test]
    public async Task Should_send_at_the_scheduled_time_with_ids_headers_and_token()
    {
        var scheduler = Services.GetRequiredService<IMessageScheduler>();
        var ping = new Ping(Guid.NewGuid(), "once");
        var correlationId = Guid.NewGuid();
        var at = TimeProvider.System.GetUtcNow().AddSeconds(2);
        Guid? messageId = null;

        var scheduled = await scheduler.ScheduleSend(PingQueue, at.UtcDateTime, ping, Pipe.Execute<SendContext>(context =>
        {
            context.CorrelationId = correlationId;
            context.Headers.Set("X-Custom", "kept");
            messageId = context.MessageId;
        }));

        var received = (await _recorder.WaitForAsync(ping.Id, 1, Wait)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(received.ReceivedAt, Is.GreaterThanOrEqualTo(at), "sent before its time");
            Assert.That(received.ReceivedAt - at, Is.LessThan(TimeSpan.FromSeconds(2)), "sent late");
            Assert.That(received.TokenId, Is.EqualTo(scheduled.TokenId), "MT-Scheduling-TokenId");
            Assert.That(received.QuartzScheduled, Is.EqualTo(at).Within(TimeSpan.FromMilliseconds(1)), "MT-Quartz-Scheduled");
            Assert.That(received.CorrelationId, Is.EqualTo(correlationId), "correlation id kept");
            Assert.That(received.CustomHeader, Is.EqualTo("kept"), "custom header kept");
            Assert.That(received.MessageId, Is.Not.Null);
            Assert.That(received.Message, Is.EqualTo(ping));
        });
    }

    [Test]
    public async Task Should_send_messages_due_close_together_each_at_its_own_time()
    {
        var scheduler = Services.GetRequiredService<IMessageScheduler>();
        var first = TimeProvider.System.GetUtcNow().AddSeconds(2);
        var pings = Enumerable.Range(0, 5).Select(i => (Ping: new Ping(Guid.NewGuid(), $"close {i}"), At: first.AddMilliseconds(100 * i))).ToList();
        foreach (var (ping, at) in pings)
            await scheduler.ScheduleSend(PingQueue, at.UtcDateTime, ping);

        foreach (var (ping, at) in pings)
        {
            var received = (await _recorder.WaitForAsync(ping.Id, 1, Wait)).Single();
            Assert.That(received.ReceivedAt, Is.GreaterThanOrEqualTo(at), $"{ping.Note} was sent {(at - received.ReceivedAt).TotalMilliseconds:F0} ms before its time");
        }
    }

    [Test]
    public async Task Should_not_send_a_cancelled_message()
    {
        var scheduler = Services.GetRequiredService<IMessageScheduler>();
        var cancelled = new Ping(Guid.NewGuid(), "cancelled");
        var marker = new Ping(Guid.NewGuid(), "marker");
        var at = TimeProvider.System.GetUtcNow().AddSeconds(4);

        var scheduled = await scheduler.ScheduleSend(PingQueue, at.UtcDateTime, cancelled);
        await scheduler.CancelScheduledSend(PingQueue, scheduled.TokenId);
        // Due after the cancelled one: once it has arrived, the cancelled one would have too. (The cancel must reach the
        // bridge within the 4 s before the cancelled message is due; one that arrives later is too late, by design.)
        await scheduler.ScheduleSend(PingQueue, at.AddSeconds(1).UtcDateTime, marker);

        await _recorder.WaitForAsync(marker.Id, 1, Wait);
        Assert.That(_recorder.For(cancelled.Id), Is.Empty);
    }

    [Test]
    public async Task Should_send_a_recurring_message_on_its_cron_schedule_until_cancelled()
    {
        var scheduler = Services.GetRequiredService<IMessageScheduler>();
        var ping = new Ping(Guid.NewGuid(), "every second");
        var schedule = new EverySecond($"ping-{ping.Id:N}");

        await Services.GetRequiredService<IBus>().ScheduleRecurringSend(PingQueue, schedule, ping);
        var received = await _recorder.WaitForAsync(ping.Id, 3, Wait);
        await Services.GetRequiredService<IBus>().CancelScheduledRecurringSend(schedule.ScheduleId, schedule.ScheduleGroup);
        var afterCancel = _recorder.For(ping.Id).Count;

        var marker = new Ping(Guid.NewGuid(), "marker");
        await scheduler.ScheduleSend(PingQueue, TimeProvider.System.GetUtcNow().AddSeconds(2.5).UtcDateTime, marker);
        await _recorder.WaitForAsync(marker.Id, 1, Wait);
        Assert.Multiple(() =>
        {
            var scheduled = received.Select(r => r.QuartzScheduled).ToList();
            Assert.That(scheduled.Zip(scheduled.Skip(1), (a, b) => b - a), Has.All.EqualTo(TimeSpan.FromSeconds(1)), "one a second, by MT-Quartz-Scheduled");
            Assert.That(received.Zip(scheduled, (r, s) => r.ReceivedAt >= s), Has.All.True, "none sent before its time");
            Assert.That(_recorder.For(ping.Id).Count, Is.LessThanOrEqualTo(afterCancel + 1), "sends went on after cancel");
        });
    }

    [Test]
    public async Task Should_pause_and_resume_a_recurring_message()
    {
        var scheduler = Services.GetRequiredService<IMessageScheduler>();
        var bus = Services.GetRequiredService<IBus>();
        var ping = new Ping(Guid.NewGuid(), "paused");
        var schedule = new EverySecond($"pause-{ping.Id:N}");
        var bridge = await bus.GetSendEndpoint(new Uri($"queue:{MessageSchedulerOptions.DefaultQueue}"));

        await Services.GetRequiredService<IBus>().ScheduleRecurringSend(PingQueue, schedule, ping);
        await _recorder.WaitForAsync(ping.Id, 1, Wait);
        await bridge.Send<PauseScheduledRecurringMessage>(new { schedule.ScheduleId, schedule.ScheduleGroup, CorrelationId = Guid.NewGuid() });
        var marker = new Ping(Guid.NewGuid(), "marker");
        await scheduler.ScheduleSend(PingQueue, TimeProvider.System.GetUtcNow().AddSeconds(1).UtcDateTime, marker);
        await _recorder.WaitForAsync(marker.Id, 1, Wait);
        var atPause = _recorder.For(ping.Id).Count;

        var second = new Ping(Guid.NewGuid(), "marker 2");
        await scheduler.ScheduleSend(PingQueue, TimeProvider.System.GetUtcNow().AddSeconds(3).UtcDateTime, second);
        await _recorder.WaitForAsync(second.Id, 1, Wait);
        var whilePaused = _recorder.For(ping.Id).Count - atPause;

        await bridge.Send<ResumeScheduledRecurringMessage>(new { schedule.ScheduleId, schedule.ScheduleGroup, CorrelationId = Guid.NewGuid() });
        await _recorder.WaitForAsync(ping.Id, atPause + whilePaused + 1, Wait);
        await Services.GetRequiredService<IBus>().CancelScheduledRecurringSend(schedule.ScheduleId, schedule.ScheduleGroup);
        Assert.That(whilePaused, Is.LessThanOrEqualTo(1), "sends while paused (one may have been in flight when the pause arrived)");
    }

    sealed class EverySecond : DefaultRecurringSchedule
    {
        public EverySecond(string id)
        {
            ScheduleId = id;
            ScheduleGroup = "bridge-tests";
            CronExpression = "* * * * * ?";
            TimeZoneId = "UTC";
            StartTime = TimeProvider.System.GetUtcNow();
            Description = "every second";
        }
    }
}
