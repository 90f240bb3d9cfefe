using Microsoft.EntityFrameworkCore;

namespace Platform.Triggers;

public static class TriggerModelExtensions
{
    /// <summary>Adds the <c>triggers</c> and <c>fires</c> tables to a DbContext (its default schema). Column names are
    /// fixed here because the engine's batch statements are written in SQL.</summary>
    public static ModelBuilder AddTriggerEntities(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TriggerRecord>(t =>
        {
            t.ToTable(TriggerTables.Triggers);
            t.HasKey(x => x.JobId);
            t.Property(x => x.JobId).HasColumnName("job_id");
            t.Property(x => x.Version).HasColumnName("version");
            t.Property(x => x.Trigger).HasColumnName("trigger").HasColumnType("jsonb");
            t.Property(x => x.Anchor).HasColumnName("anchor");
            t.Property(x => x.Misfire).HasColumnName("misfire").HasConversion<string>().HasMaxLength(16);
            t.Property(x => x.MaxRuns).HasColumnName("max_runs");
            t.Property(x => x.FireCount).HasColumnName("fire_count");
            t.Property(x => x.NextFireAt).HasColumnName("next_fire_at");
            t.Property(x => x.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
            t.Property(x => x.ClaimedBy).HasColumnName("claimed_by").HasMaxLength(200);
            t.Property(x => x.ClaimExpiresAt).HasColumnName("claim_expires_at");
            t.Property(x => x.TraceParent).HasColumnName("trace_parent").HasMaxLength(TriggerStore.MaxTraceParentLength);
            t.Property(x => x.TraceState).HasColumnName("trace_state").HasMaxLength(TriggerStore.MaxTraceStateLength);
            t.HasIndex(x => x.NextFireAt).HasDatabaseName("ix_triggers_due").HasFilter("state = 'Scheduled' and next_fire_at is not null");
        });

        modelBuilder.Entity<FireRecord>(f =>
        {
            f.ToTable(TriggerTables.Fires);
            f.HasKey(x => new { x.JobId, x.ScheduledFor });
            f.Property(x => x.JobId).HasColumnName("job_id");
            f.Property(x => x.ScheduledFor).HasColumnName("scheduled_for");
            f.Property(x => x.Version).HasColumnName("version");
            f.Property(x => x.FiredAt).HasColumnName("fired_at");
            f.Property(x => x.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(16);
            f.Property(x => x.Instance).HasColumnName("instance").HasMaxLength(200);
            f.HasIndex(x => x.FiredAt).HasDatabaseName("ix_fires_fired_at");
        });
        return modelBuilder;
    }
}

/// <summary>The trigger engine's tables, in the default schema of the DbContext they are added to (the scheduler's:
/// <c>scheduler</c>), as the engine maps them and readers such as the API name them.</summary>
public static class TriggerTables
{
    /// <summary>One row per job with a trigger: its next occurrence and who holds it.</summary>
    public const string Triggers = "triggers";

    /// <summary>The fire log: one row per occurrence fired, missed or coalesced.</summary>
    public const string Fires = "fires";
}
