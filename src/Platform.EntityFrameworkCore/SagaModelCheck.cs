using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Platform.EntityFrameworkCore;

/// <summary>Fails the first message with a clear error when <typeparamref name="TSaga"/> is not mapped with a row
/// version, instead of silently losing updates.</summary>
internal static class SagaModelCheck<TSaga>
    where TSaga : class, ISaga
{
    static volatile bool _checked;

    public static void Ensure(DbContext db)
    {
        if (_checked)
            return;
        var entity = db.Model.FindEntityType(typeof(TSaga))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map the saga state {typeof(TSaga).Name}: call "
                + $"modelBuilder.{nameof(SagaModelBuilderExtensions.AddPlatformSagaState)}<{typeof(TSaga).Name}>(...) in OnModelCreating");
        if (!entity.GetProperties().Any(p => p.IsConcurrencyToken))
            throw new InvalidOperationException($"The saga state {typeof(TSaga).Name} has no concurrency token, so concurrent messages would "
                + $"overwrite each other: map it with modelBuilder.{nameof(SagaModelBuilderExtensions.AddPlatformSagaState)}<{typeof(TSaga).Name}>(...)");
        _checked = true;
    }
}
