using Microsoft.EntityFrameworkCore;

namespace Platform.Triggers;

/// <summary>The quoted names of the engine's tables in <typeparamref name="TDbContext"/>'s model (its default schema), for
/// the statements written in SQL. Column names are fixed by <see cref="TriggerModelExtensions.AddTriggerEntities"/>.</summary>
internal static class TriggerTables<TDbContext>
    where TDbContext : DbContext
{
    static string? _triggers;
    static string? _fires;

    public static string Triggers(DbContext db) => _triggers ??= Table<TriggerRecord>(db);

    public static string Fires(DbContext db) => _fires ??= Table<FireRecord>(db);

    static string Table<T>(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not in {db.GetType().Name}: call modelBuilder.AddTriggerEntities()");
        var schema = entity.GetSchema();
        return schema is null ? $"\"{entity.GetTableName()}\"" : $"\"{schema}\".\"{entity.GetTableName()}\"";
    }
}
