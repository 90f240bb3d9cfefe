using Microsoft.EntityFrameworkCore;

namespace Platform.Scheduler.Persistence;

public sealed class SchedulerDbContext(DbContextOptions<SchedulerDbContext> options) : DbContext(options)
{
    public const string Schema = "scheduler";

    public DbSet<JobRecord> Jobs => Set<JobRecord>();

    public DbSet<RunRecord> Runs => Set<RunRecord>();

    public DbSet<AuditRecord> Audit => Set<AuditRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<JobRecord>(job =>
        {
            job.ToTable("jobs");
            job.HasKey(j => j.JobId);
            job.Property(j => j.JobType).HasMaxLength(200);
            job.Property(j => j.Definition).HasColumnType("jsonb");
            job.Property(j => j.DefinitionHash).HasMaxLength(64);
            job.Property(j => j.Status).HasConversion<string>().HasMaxLength(32);
            job.Property(j => j.Owner).HasMaxLength(200);
            job.HasIndex(j => j.Status);
        });

        modelBuilder.Entity<RunRecord>(run =>
        {
            run.ToTable("runs");
            run.HasKey(r => r.RunId);
            run.Property(r => r.JobType).HasMaxLength(200);
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
            run.Property(r => r.Worker).HasMaxLength(300);
            run.HasIndex(r => new { r.JobId, r.ScheduledFor }).IsUnique();
            run.HasIndex(r => new { r.Status, r.ScheduledFor });
        });

        modelBuilder.Entity<AuditRecord>(audit =>
        {
            audit.ToTable("audit");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.Command).HasMaxLength(100);
            audit.Property(a => a.Sender).HasMaxLength(500);
            audit.Property(a => a.Outcome).HasColumnType("jsonb");
            audit.HasIndex(a => new { a.JobId, a.ReceivedAt });
            audit.HasIndex(a => a.ReceivedAt);
        });
    }
}
