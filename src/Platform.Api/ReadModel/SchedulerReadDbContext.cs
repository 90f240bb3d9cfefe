using Microsoft.EntityFrameworkCore;
using Platform.Scheduling.Schema;
using Platform.Triggers;

namespace Platform.Api.ReadModel;

/// <summary>
/// The scheduler's tables (schema <c>scheduler</c>) as the API reads them: its own small entities mapped to the same
/// columns, never tracked, never migrated from here (the scheduler owns and migrates the schema), on read-only
/// transactions. A test compares this mapping with the scheduler's model so the two cannot drift apart.
/// </summary>
public sealed class SchedulerReadDbContext(DbContextOptions<SchedulerReadDbContext> options) : DbContext(options)
{
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
        });

        modelBuilder.Entity<TriggerRow>(trigger =>
        {
            trigger.ToTable(TriggerTables.Triggers);
            trigger.HasKey(t => t.JobId);
        });

        modelBuilder.Entity<RunRow>(run =>
        {
            run.ToTable(SchedulerTables.Runs);
            run.HasKey(r => r.RunId);
            run.Property(r => r.RunId).HasColumnName("correlation_id");
            run.Property(r => r.Definition).HasColumnType("jsonb");
            run.Property(r => r.EventPayload).HasColumnType("jsonb");
            run.Property(r => r.DependsOn).HasColumnType("jsonb");
        });

        modelBuilder.Entity<AuditRow>(audit =>
        {
            audit.ToTable(SchedulerTables.Audit);
            audit.HasKey(a => a.Id);
            audit.Property(a => a.Outcome).HasColumnType("jsonb");
        });

        modelBuilder.Entity<FireRow>(fire =>
        {
            fire.ToTable(TriggerTables.Fires);
            fire.HasKey(f => new { f.JobId, f.ScheduledFor });
        });
    }
}
