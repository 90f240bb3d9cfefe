using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;
using Platform.Worker;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>A fixture with the real scheduler and a worker running in this process on the fixture's own virtual host and
/// database, and a probe that records every platform event.</summary>
public abstract class SchedulerScenario : PlatformFixture
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected IHost? Scheduler { get; set; }

    protected IHost? Worker { get; set; }

    protected EventProbe Probe { get; private set; } = null!;

    /// <summary>Observes the probe ("probe"), the scheduler ("scheduler") and the worker ("worker") for the whole fixture:
    /// wait until quiet, then count. A test that replaces a host observes the new one itself.</summary>
    protected TrackedSession Session { get; private set; } = null!;

    /// <summary>More for the worker's host (a log exporter, for instance).</summary>
    protected virtual void ConfigureWorkerHost(HostApplicationBuilder builder)
    {
    }

    /// <summary>Settings beside the fixture's servers (engine timings, worker concurrency...).</summary>
    protected virtual Dictionary<string, string?> Settings => [];

    /// <summary>The worker's handlers; the built-in ones by default.</summary>
    protected virtual void Handlers(PlatformWorkerBuilder worker) => worker.AddBuiltInHandlers();

    /// <summary>Runs before the hosts start (a check that may ignore the fixture, for instance).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        await PrepareAsync();
        Scheduler = await StartSchedulerAsync();
        Worker = await PlatformHosts.StartAsync(Configuration(), builder =>
        {
            builder.AddWorker(Handlers);
            ConfigureWorkerHost(builder);
        });
        Probe = await EventProbe.StartAsync(Servers, VirtualHost);
        Session = Track().Observe(Probe.Bus, "probe").Observe(Scheduler.Services.GetRequiredService<IBus>(), "scheduler")
            .Observe(Worker.Services.GetRequiredService<IBus>(), "worker");
    }

    [OneTimeTearDown]
    public async Task StopPlatform()
    {
        Session?.Dispose();
        if (Probe is not null)
            await Probe.DisposeAsync();
        await Worker.StopQuietlyAsync();
        await Scheduler.StopQuietlyAsync();
    }

    protected Dictionary<string, string?> Configuration()
    {
        var configuration = PlatformConfiguration();
        foreach (var (key, value) in Settings)
            configuration[key] = value;
        return configuration;
    }

    protected Task<IHost> StartSchedulerAsync() => PlatformHosts.StartSchedulerAsync(Configuration());

    protected static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    protected static ScheduleJob Job(JobTrigger trigger, string jobType = "platform.noop", object? payload = null) => new()
    {
        JobId = Guid.NewGuid(),
        JobType = jobType,
        Payload = payload is null ? null : JsonSerializer.SerializeToElement(payload, JsonSerializerOptions.Web),
        Trigger = trigger,
    };

    protected static JobTrigger Once(DateTimeOffset runAt) => new() { Kind = TriggerKind.Once, RunAt = runAt };

    protected static JobTrigger Every(TimeSpan every, int? maxRuns = null, DateTimeOffset? startAt = null) =>
        new() { Kind = TriggerKind.Interval, Every = every, MaxRuns = maxRuns, StartAt = startAt };

    protected static object Sleep(int ms) => new { ms };

    /// <summary>How many <typeparamref name="T"/> matching <paramref name="match"/> a subscriber received, every delivery
    /// counted; take it after <see cref="TrackedSession.WaitUntilQuietAsync"/>.</summary>
    protected int Published<T>(Func<T, bool> match)
        where T : class => Session.Consumed(match, by: "probe").Count;

    /// <summary>Publishes a ScheduleJob and waits for its JobAccepted.</summary>
    protected async Task<JobAccepted> ScheduleAsync(ScheduleJob job)
    {
        await Probe.Bus.Publish(job);
        return await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId && a.Version >= 1, Wait, $"job {job.JobId} to be accepted");
    }

    /// <summary>The runs of a job as recorded in scheduler.run_state, oldest occurrence first.</summary>
    protected async Task<List<RunRow>> RunsAsync(Guid jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select correlation_id, current_state, scheduled_for, started_at, finished_at, attempt, cause, error, replay from scheduler.run_state where job_id = $1 order by scheduled_for",
            connection);
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<RunRow>();
        while (await reader.ReadAsync())
        {
            runs.Add(new RunRow(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetInt32(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8)));
        }

        return runs;
    }

    /// <summary>The job's state as recorded in scheduler.job_state, or null.</summary>
    protected async Task<string?> JobStateAsync(Guid jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select current_state from scheduler.job_state where correlation_id = $1", connection);
        command.Parameters.AddWithValue(jobId);
        return (string?)await command.ExecuteScalarAsync();
    }

    protected sealed record RunRow(Guid RunId, string State, DateTimeOffset ScheduledFor, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
        int Attempt, string Cause, string? Error, int Replay);
}
