using Microsoft.EntityFrameworkCore;

namespace Platform.EntityFrameworkCore.Tests.Model;

/// <summary>The application DbContext of the tests: its own tables, two sagas and the outbox, in schema <c>eftest</c>,
/// snake_case as the platform's contexts are.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public const string Schema = "eftest";

    public DbSet<OrderRecord> Orders => Set<OrderRecord>();

    public DbSet<NotificationRecord> Notifications => Set<NotificationRecord>();

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString).UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<OrderRecord>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.Id);
            order.HasIndex(o => o.OrderId).IsUnique();
        });
        modelBuilder.Entity<NotificationRecord>(notification =>
        {
            notification.ToTable("notifications");
            notification.HasKey(n => n.Id);
        });

        modelBuilder.AddPlatformSagaState<CounterState>("counter_state", counter =>
        {
            counter.Property(c => c.CurrentState).HasMaxLength(64);
            counter.Property(c => c.Name).HasMaxLength(200);
            counter.HasIndex(c => c.Name);
        });
        modelBuilder.AddPlatformSagaState<AccountState>("account_state", account => account.Property(a => a.CurrentState).HasMaxLength(64));
        modelBuilder.AddPlatformSagaState<TallyState>("tally_state", tally => tally.Property(t => t.CurrentState).HasMaxLength(64));

        modelBuilder.AddPlatformOutboxEntities();
    }
}
