using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Platform.Contracts;
using Platform.Triggers;

namespace Platform.Bench.Firing;

/// <summary>The trigger engine on PostgreSQL: triggers bulk-loaded, then fired by one engine instance; lateness measured
/// when each fire's transaction has committed.</summary>
public static class EngineBench
{
    /// <summary>Starts the engine, warms it up with <paramref name="warmUp"/> (not measured: JIT, EF model, connection
    /// pool), then loads the occurrences <paramref name="due"/> produces and measures them.</summary>
    public static async Task RunAsync(Lateness lateness, Lateness warmUp, Func<IReadOnlyList<DateTimeOffset>> warmUpDue,
        Func<IReadOnlyList<DateTimeOffset>> due, string connectionString, TimeSpan timeout)
    {
        var options = new DbContextOptionsBuilder<BenchDbContext>().UseNpgsql(connectionString).Options;
        await using (var db = new BenchDbContext(options))
            await db.Database.EnsureCreatedAsync();
        var observer = new Observer(warmUp);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Platform:Triggers:InstanceId"] = "bench" });
        builder.Services.AddDbContext<BenchDbContext>(o => o.UseNpgsql(connectionString));
        builder.Services.AddSingleton<ITriggerFireObserver>(observer);
        builder.Services.AddTriggerEngine<BenchDbContext, BenchFireHandler>();
        using var host = builder.Build();
        await host.StartAsync();
        await LoadAsync(connectionString, warmUpDue());
        if (!await warmUp.WaitAsync(timeout))
            Console.Error.WriteLine("engine warm-up: timed out");
        observer.Target = lateness;
        await LoadAsync(connectionString, due());
        if (!await lateness.WaitAsync(timeout))
            Console.Error.WriteLine($"engine at {lateness.Rate}/s: timed out");
        await host.StopAsync();
    }

    static async Task LoadAsync(string connectionString, IReadOnlyList<DateTimeOffset> due)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await using var writer = await connection.BeginBinaryImportAsync(
            "copy bench.triggers (job_id, version, trigger, anchor, misfire, fire_count, next_fire_at, state) from stdin (format binary)");
        foreach (var at in due)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
            await writer.WriteAsync(1, NpgsqlDbType.Integer);
            await writer.WriteAsync(JsonSerializer.Serialize(new JobTrigger { Kind = TriggerKind.Once, RunAt = at }, JsonSerializerOptions.Web), NpgsqlDbType.Jsonb);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(nameof(MisfirePolicy.FireOnce), NpgsqlDbType.Text);
            await writer.WriteAsync(0, NpgsqlDbType.Integer);
            await writer.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(nameof(TriggerState.Scheduled), NpgsqlDbType.Text);
        }

        await writer.CompleteAsync();
    }

    sealed class Observer(Lateness initial) : ITriggerFireObserver
    {
        public Lateness Target { get; set; } = initial;

        public void Committed(IReadOnlyList<TriggerFire> fires, DateTimeOffset committedAt)
        {
            var lateness = Target;
            foreach (var fire in fires)
            {
                lateness.Add((committedAt - fire.ScheduledFor).TotalMilliseconds);
                lateness.AddPhases((fire.FiredAt - fire.ScheduledFor).TotalMilliseconds, (committedAt - fire.FiredAt).TotalMilliseconds);
            }
        }
    }
}
