using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>
/// Inserts the entities a transaction added with PostgreSQL's binary COPY, one stream per table, instead of one INSERT
/// each through EF Core's change tracker (which costs a transaction that defined a thousand jobs more than everything
/// else it does). Used when a unit saves once, right before it commits: no added entity is read back or changed after
/// the copy. Entity types COPY cannot write faithfully (store-generated values other than an identity key or the
/// <c>xmin</c> row version, foreign keys, owned or complex parts) are left to EF Core.
/// </summary>
internal static class AddedEntityCopy
{
    public static async Task CopyAsync(DbContext db, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).GroupBy(e => e.Metadata).ToList();
        if (added.Count == 0)
            return;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        foreach (var group in added)
        {
            if (Columns(group.Key) is not { } columns)
                continue;
            var entries = group.ToList();
            var table = group.Key.GetSchema() is { } schema ? $"\"{schema}\".\"{group.Key.GetTableName()}\"" : $"\"{group.Key.GetTableName()}\"";
            await using (var copy = await connection.BeginBinaryImportAsync(
                             $"copy {table} ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) from stdin (format binary)", cancellationToken))
            {
                foreach (var entry in entries)
                {
                    await copy.StartRowAsync(cancellationToken);
                    foreach (var column in columns)
                    {
                        var value = entry.Property(column.Property.Name).CurrentValue;
                        if (column.Converter is { } converter && value is not null)
                            value = converter.ConvertToProvider(value);
                        if (value is null)
                            await copy.WriteNullAsync(cancellationToken);
                        else
                            await copy.WriteAsync(value is DateTimeOffset instant ? instant.ToUniversalTime() : value, column.DataType, cancellationToken);
                    }
                }

                await copy.CompleteAsync(cancellationToken);
            }

            foreach (var entry in entries)
                entry.State = EntityState.Detached;
        }
    }

    /// <summary>The columns COPY writes for <paramref name="entity"/>, or null when EF Core must insert it.</summary>
    static List<Column>? Columns(IEntityType entity)
    {
        if (entity.GetTableName() is not { } name || entity.GetForeignKeys().Any() || entity.GetNavigations().Any() || entity.IsOwned()
            || entity.GetComplexProperties().Any())
            return null;
        var store = StoreObjectIdentifier.Table(name, entity.GetSchema());
        var columns = new List<Column>();
        foreach (var property in entity.GetProperties())
        {
            if (property.ValueGenerated != ValueGenerated.Never)
            {
                // The row version and an identity or serial key come from the server; a key EF Core generates on the
                // client (a Guid) is in the entity and copied; anything else generated cannot be copied.
                if (property.Name == SagaModelBuilderExtensions.RowVersion
                    || (property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd
                        && property.GetValueGenerationStrategy() is not NpgsqlValueGenerationStrategy.None))
                    continue;
                if (!(property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd))
                    return null;
            }

            var mapping = property.GetRelationalTypeMapping();
            columns.Add(new Column(property, property.GetColumnName(store)!, DataTypeOf(mapping.StoreType), mapping.Converter));
        }

        return columns;
    }

    /// <summary>The store type without its length or precision (COPY names types, not column definitions).</summary>
    static string DataTypeOf(string storeType) => storeType.IndexOf('(', StringComparison.Ordinal) is var open and > 0 ? storeType[..open] : storeType;

    sealed record Column(IProperty Property, string Name, string DataType, ValueConverter? Converter);
}
