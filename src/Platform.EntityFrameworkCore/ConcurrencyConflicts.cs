using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Platform.EntityFrameworkCore;

/// <summary>Which failures mean "another transaction got there first": retrying the whole message then succeeds.</summary>
public static class ConcurrencyConflicts
{
    /// <summary>True for an optimistic-concurrency conflict (<see cref="DbUpdateConcurrencyException"/>, which the saga
    /// repository also raises when a concurrent initial event created the same instance first), a PostgreSQL serialization
    /// failure or a deadlock, wherever it sits in the chain of inner exceptions.</summary>
    public static bool IsConflict(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbUpdateConcurrencyException)
                return true;
            if (current is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected })
                return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="exception"/> is a unique-key violation (PostgreSQL 23505).</summary>
    public static bool IsUniqueViolation(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
                return true;
        }

        return false;
    }
}
