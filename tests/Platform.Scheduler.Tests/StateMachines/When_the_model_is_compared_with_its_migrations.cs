using Microsoft.EntityFrameworkCore;
using NUnit.Framework;
using Platform.Scheduler.Persistence;

namespace Platform.Scheduler.Tests.StateMachines;

/// <summary>The scheduler's model (state machine instances, shared column definitions, triggers, outbox) against its
/// last migration's snapshot: a change to any of them without a migration fails here, not when a database is migrated.</summary>
[TestFixture]
public sealed class When_the_model_is_compared_with_its_migrations
{
    [Test]
    public void Should_have_a_migration_for_every_change()
    {
        using var db = new SchedulerDbContext(new DbContextOptionsBuilder<SchedulerDbContext>()
            .UsePlatformScheduler("Host=127.0.0.1;Database=never_opened").Options);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False,
            "the model differs from the last migration: add one (dotnet ef migrations add <Name> --project src/Platform.Scheduler)");
    }
}
