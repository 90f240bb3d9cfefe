using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Platform.Api.ReadModel;

/// <summary>Two models of the read model: one for a context limited to owners (every table filtered by them) and one for
/// every job (no filter, so its queries carry no owner predicate).</summary>
internal sealed class OwnerScopedModelCacheKey : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context is SchedulerReadDbContext { IsOwnerScoped: true }, designTime);
}
