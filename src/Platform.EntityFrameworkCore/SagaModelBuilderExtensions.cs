using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.EntityFrameworkCore;

/// <summary>Maps a saga's state into a DbContext's model the way the saga repository needs it.</summary>
public static class SagaModelBuilderExtensions
{
    /// <summary>The shadow property that maps PostgreSQL's <c>xmin</c> system column, the saga row's version.</summary>
    public const string RowVersion = "xmin";

    /// <summary>
    /// Maps <typeparamref name="TState"/> keyed by <see cref="ISaga.CorrelationId"/> (never generated: MassTransit sets
    /// it) with PostgreSQL's <c>xmin</c> system column as its row version, so an update or delete of an instance that
    /// another transaction changed since it was read fails with <see cref="DbUpdateConcurrencyException"/> and the message
    /// is retried. <c>xmin</c> is not a real column: migrations never create it. Map the rest (the current state as a
    /// string, lengths, indexes for <c>CorrelateBy</c> queries) in <paramref name="configure"/>.
    /// </summary>
    public static ModelBuilder AddPlatformSagaState<TState>(this ModelBuilder modelBuilder, string tableName,
        Action<EntityTypeBuilder<TState>>? configure = null)
        where TState : class, ISaga
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        modelBuilder.Entity<TState>(state =>
        {
            state.ToTable(tableName);
            state.HasKey(s => s.CorrelationId);
            state.Property(s => s.CorrelationId).ValueGeneratedNever();
            state.Property<uint>(RowVersion).IsRowVersion();
            configure?.Invoke(state);
        });
        return modelBuilder;
    }
}
