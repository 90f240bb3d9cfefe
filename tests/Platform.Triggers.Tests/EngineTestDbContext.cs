using Microsoft.EntityFrameworkCore;

namespace Platform.Triggers.Tests;

public sealed class EngineTestDbContext(DbContextOptions<EngineTestDbContext> options) : DbContext(options)
{
    public DbSet<TestRun> Runs => Set<TestRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("engine");
        modelBuilder.AddTriggerEntities();
        modelBuilder.Entity<TestRun>(r =>
        {
            r.ToTable("test_runs");
            r.HasKey(x => new { x.JobId, x.ScheduledFor });
        });
    }
}

/// <summary>What the application would create for a fired occurrence (a run), in the fire transaction.</summary>
public sealed class TestRun
{
    public Guid JobId { get; set; }

    public DateTimeOffset ScheduledFor { get; set; }

    public string Kind { get; set; } = "";

    public bool IsLast { get; set; }
}

/// <summary>Adds a run row per fired occurrence inside the engine's transaction.</summary>
public sealed class RunCreatingHandler : ITriggerFireHandler<EngineTestDbContext>
{
    public Task HandleAsync(EngineTestDbContext db, IReadOnlyList<TriggerFire> fires, CancellationToken cancellationToken)
    {
        db.Runs.AddRange(fires.Select(f => new TestRun { JobId = f.JobId, ScheduledFor = f.ScheduledFor, Kind = f.Kind.ToString(), IsLast = f.IsLast }));
        return Task.CompletedTask;
    }
}
