using Microsoft.EntityFrameworkCore;
using Platform.EntityFrameworkCore;
using Platform.Scheduler.Jobs;
using Platform.Scheduler.Runs;
using Platform.Scheduling.Schema;
using Platform.Triggers;

namespace Platform.Scheduler.Persistence;

/// <summary>Everything the scheduler keeps, in schema <c>scheduler</c>: job and run state machines (the run rows are the
/// run history), triggers and their fire log, the audit trail, and the transactional outbox and inbox.</summary>
public sealed class SchedulerDbContext(DbContextOptions<SchedulerDbContext> options) : DbContext(options)
{
    public const string Schema = SchedulerTables.Schema;

    public DbSet<JobState> Jobs => Set<JobState>();

    public DbSet<RunState> Runs => Set<RunState>();

    public DbSet<AuditRecord> Audit => Set<AuditRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<string>().HaveConversion<NulFreeText>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.AddPlatformSagaState<JobState>(SchedulerTables.Jobs, job =>
        {
            job.Property(j => j.CurrentState).HasMaxLength(32);
            job.Property(j => j.JobType).HasMaxLength(200);
            job.Property(j => j.Definition).HasColumnType("jsonb");
            job.Property(j => j.DefinitionHash).HasMaxLength(64);
            job.Property(j => j.TriggerKind).HasMaxLength(16);
            job.Property(j => j.EventType).HasMaxLength(200);
            job.Property(j => j.EventKey).HasMaxLength(200);
            job.Property(j => j.DependsOn).HasColumnType("jsonb");
            job.Property(j => j.Owner).HasMaxLength(200);
            job.Property(j => j.QueuedOccurrences).HasColumnType("jsonb");
            job.Property(j => j.LastRunOutcome).HasMaxLength(32);
            job.HasIndex(j => j.CurrentState);
            job.HasIndex(j => new { j.TriggerKind, j.EventType });
        });

        modelBuilder.AddPlatformSagaState<RunState>(SchedulerTables.Runs, run =>
        {
            run.Property(r => r.CurrentState).HasMaxLength(32);
            run.Property(r => r.JobType).HasMaxLength(200);
            run.Property(r => r.Cause).HasMaxLength(300);
            run.Property(r => r.Definition).HasColumnType("jsonb");
            run.Property(r => r.DependsOn).HasColumnType("jsonb");
            run.Property(r => r.EventPayload).HasColumnType("jsonb");
            run.Property(r => r.HeldReplay).HasColumnType("jsonb");
            run.Property(r => r.Worker).HasMaxLength(300);
            run.Property(r => r.DependencyCheck).HasMaxLength(16);
            run.HasIndex(r => new { r.JobId, r.ScheduledFor });
            run.HasIndex(r => new { r.CurrentState, r.ScheduledFor });
            run.HasIndex(r => r.FinishedAt);
        });

        modelBuilder.Entity<AuditRecord>(audit =>
        {
            audit.ToTable(SchedulerTables.Audit);
            audit.HasKey(a => a.Id);
            audit.Property(a => a.Command).HasMaxLength(100);
            audit.Property(a => a.Sender).HasMaxLength(500);
            audit.Property(a => a.Outcome).HasColumnType("jsonb");
            audit.HasIndex(a => new { a.JobId, a.ReceivedAt });
            audit.HasIndex(a => a.ReceivedAt);
        });

        modelBuilder.AddTriggerEntities();
        modelBuilder.AddPlatformOutboxEntities();
    }
}
