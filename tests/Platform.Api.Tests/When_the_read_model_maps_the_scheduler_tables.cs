using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using NUnit.Framework;
using Platform.Api.ReadModel;
using Platform.Scheduler.Persistence;

namespace Platform.Api.Tests;

/// <summary>The API maps its own entities to the scheduler's tables; these checks fail when the scheduler's model moves
/// away from them (a renamed column, a changed type, a new state name), before any query does.</summary>
[TestFixture]
public sealed class When_the_read_model_maps_the_scheduler_tables
{
    static IRelationalModel Model(DbContext db) => db.GetService<IDesignTimeModel>().Model.GetRelationalModel();

    static IEnumerable<TestCaseData> ReadColumns()
    {
        using var read = new SchedulerReadDbContext(new DbContextOptionsBuilder<SchedulerReadDbContext>()
            .UseSchedulerReadModel("Host=127.0.0.1;Database=never_opened", TimeSpan.FromSeconds(30)).Options);
        foreach (var table in Model(read).Tables)
        {
            foreach (var column in table.Columns)
            {
                yield return new TestCaseData(table.Schema, table.Name, column.Name, ProviderType(column), column.StoreType == "jsonb", column.IsNullable)
                    .SetArgDisplayNames($"{table.Name}.{column.Name}");
            }
        }
    }

    /// <summary>The .NET type a column's values are read as (after any value conversion, such as an enum stored as text).</summary>
    static Type ProviderType(IColumn column)
    {
        var mapping = column.PropertyMappings[0].TypeMapping;
        return mapping.Converter?.ProviderClrType ?? mapping.ClrType;
    }

    /// <summary>Same values, read the same way; a maximum length the scheduler enforces on writing does not matter to a reader.</summary>
    [TestCaseSource(nameof(ReadColumns))]
    public void Should_read_a_column_the_scheduler_creates_with_the_same_type(string? schema, string table, string column, Type type, bool json, bool nullable)
    {
        using var scheduler = new SchedulerDbContext(new DbContextOptionsBuilder<SchedulerDbContext>()
            .UsePlatformScheduler("Host=127.0.0.1;Database=never_opened").Options);
        var written = Model(scheduler).FindTable(table, schema);
        Assert.That(written, Is.Not.Null, $"the scheduler has no table {schema}.{table}");
        var source = written!.FindColumn(column);
        Assert.That(source, Is.Not.Null, $"the scheduler's {schema}.{table} has no column {column}");
        Assert.Multiple(() =>
        {
            Assert.That(type, Is.EqualTo(ProviderType(source!)), "type");
            Assert.That(json, Is.EqualTo(source.StoreType == "jsonb"), "jsonb");
            Assert.That(nullable, Is.EqualTo(source.IsNullable), "nullability");
        });
    }
}
