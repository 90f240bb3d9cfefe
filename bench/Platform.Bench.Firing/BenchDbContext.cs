using Microsoft.EntityFrameworkCore;
using Platform.Triggers;

namespace Platform.Bench.Firing;

/// <summary>The engine's tables plus a runs table, so each fire also writes what the scheduler would.</summary>
public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("bench");
        modelBuilder.AddTriggerEntities();
        modelBuilder.Entity<BenchRun>(r =>
        {
            r.ToTable("runs");
            r.HasKey(x => x.RunId);
        });
    }
}

public sealed class BenchRun
{
    public Guid RunId { get; set; }

    public Guid JobId { get; set; }

    public DateTimeOffset ScheduledFor { get; set; }
}

public sealed class BenchFireHandler : ITriggerFireHandler<BenchDbContext>
{
    public Task HandleAsync(BenchDbContext db, IReadOnlyList<TriggerFire> fires, CancellationToken cancellationToken)
    {
        db.Set<BenchRun>().AddRange(fires.Select(f => new BenchRun { RunId = Guid.NewGuid(), JobId = f.JobId, ScheduledFor = f.ScheduledFor }));
        return Task.CompletedTask;
    }
}
