using Microsoft.EntityFrameworkCore;
using Npgsql;
using NUnit.Framework;

namespace Platform.EntityFrameworkCore.Tests.Unit;

/// <summary>Which failures the concurrency retry takes as "another transaction got there first".</summary>
[TestFixture]
public sealed class When_classifying_database_failures
{
    [Test]
    public void Should_retry_an_optimistic_concurrency_conflict() =>
        Assert.That(ConcurrencyConflicts.IsConflict(new DbUpdateConcurrencyException("row changed")), Is.True);

    [TestCase(PostgresErrorCodes.SerializationFailure)]
    [TestCase(PostgresErrorCodes.DeadlockDetected)]
    public void Should_retry_a_lost_race_reported_by_postgresql_wherever_it_is_wrapped(string sqlState) =>
        Assert.That(ConcurrencyConflicts.IsConflict(new InvalidOperationException("outer", new DbUpdateException("save", Postgres(sqlState)))), Is.True);

    [TestCase(PostgresErrorCodes.UniqueViolation)]
    [TestCase(PostgresErrorCodes.NotNullViolation)]
    public void Should_not_retry_a_constraint_violation(string sqlState) =>
        Assert.That(ConcurrencyConflicts.IsConflict(new DbUpdateException("save", Postgres(sqlState))), Is.False);

    [Test]
    public void Should_not_retry_an_application_failure() =>
        Assert.That(ConcurrencyConflicts.IsConflict(new InvalidOperationException("bad input")), Is.False);

    [Test]
    public void Should_recognise_a_unique_violation_inside_a_save_failure() =>
        Assert.Multiple(() =>
        {
            Assert.That(ConcurrencyConflicts.IsUniqueViolation(new DbUpdateException("save", Postgres(PostgresErrorCodes.UniqueViolation))), Is.True);
            Assert.That(ConcurrencyConflicts.IsUniqueViolation(new DbUpdateException("save", Postgres(PostgresErrorCodes.ForeignKeyViolation))), Is.False);
        });

    static PostgresException Postgres(string sqlState) => new("message", "ERROR", "ERROR", sqlState);
}
