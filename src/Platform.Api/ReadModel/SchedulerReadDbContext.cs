using Microsoft.EntityFrameworkCore;
using Platform.Api.Authentication;
using Platform.Scheduling.Schema;
using Platform.Triggers;

namespace Platform.Api.ReadModel;

/// <summary>
/// The scheduler's tables (schema <c>scheduler</c>) as the API reads them: its own small entities mapped to the same
/// columns, never tracked, never migrated from here (the scheduler owns and migrates the schema), on read-only
/// transactions. A test compares this mapping with the scheduler's model so the two cannot drift apart. Every table is
/// filtered to the jobs of the caller's owners when its API key names some (<see cref="OwnerScope"/>).
/// </summary>
public sealed class SchedulerReadDbContext(DbContextOptions<SchedulerReadDbContext> options, OwnerScope? scope = null) : DbContext(options)
{
    /// <summary>The owners whose jobs this context shows, or null for every job.</summary>
    List<string>? Owners { get; } = scope?.Owners;

    /// <summary>Whether its tables are filtered to owners: a model of its own (<see cref="OwnerScopedModelCacheKey"/>), so a
    /// context for every job queries without any owner predicate at all.</summary>
    internal bool IsOwnerScoped => Owners is not null;

    public IQueryable<JobRow> Jobs => Set<JobRow>();

    public IQueryable<TriggerRow> Triggers => Set<TriggerRow>();

    public IQueryable<RunRow> Runs => Set<RunRow>();

    public IQueryable<AuditRow> Audit => Set<AuditRow>();

    public IQueryable<FireRow> Fires => Set<FireRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(SchedulerTables.Schema);

        modelBuilder.Entity<JobRow>(job =>
        {
            job.ToTable(SchedulerTables.Jobs);
            job.HasKey(j => j.JobId);
            job.Property(j => j.JobId).HasColumnName("correlation_id");
            job.Property(j => j.Definition).HasColumnType("jsonb");
            job.Property(j => j.DependsOn).HasColumnType("jsonb");
            job.Property(j => j.QueuedOccurrences).HasColumnType("jsonb");
            if (IsOwnerScoped)
                job.HasQueryFilter(j => Owners!.Contains(j.Owner!));
        });

        modelBuilder.Entity<TriggerRow>(trigger =>
        {
            trigger.ToTable(TriggerTables.Triggers);
            trigger.HasKey(t => t.JobId);
            if (IsOwnerScoped)
                trigger.HasQueryFilter(t => Set<JobRow>().Any(j => j.JobId == t.JobId && Owners!.Contains(j.Owner!)));
        });

        modelBuilder.Entity<RunRow>(run =>
        {
            run.ToTable(SchedulerTables.Runs);
            run.HasKey(r => r.RunId);
            run.Property(r => r.RunId).HasColumnName("correlation_id");
            run.Property(r => r.Definition).HasColumnType("jsonb");
            run.Property(r => r.EventPayload).HasColumnType("jsonb");
            run.Property(r => r.DependsOn).HasColumnType("jsonb");
            if (IsOwnerScoped)
                run.HasQueryFilter(r => Set<JobRow>().Any(j => j.JobId == r.JobId && Owners!.Contains(j.Owner!)));
        });

        modelBuilder.Entity<AuditRow>(audit =>
        {
            audit.ToTable(SchedulerTables.Audit);
            audit.HasKey(a => a.Id);
            audit.Property(a => a.Outcome).HasColumnType("jsonb");
            if (IsOwnerScoped)
                audit.HasQueryFilter(a => Set<JobRow>().Any(j => j.JobId == a.JobId && Owners!.Contains(j.Owner!)));
        });

        modelBuilder.Entity<FireRow>(fire =>
        {
            fire.ToTable(TriggerTables.Fires);
            fire.HasKey(f => new { f.JobId, f.ScheduledFor });
            if (IsOwnerScoped)
                fire.HasQueryFilter(f => Set<JobRow>().Any(j => j.JobId == f.JobId && Owners!.Contains(j.Owner!)));
        });
    }
}
