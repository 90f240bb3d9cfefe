using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Platform.Scheduler.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host (no database is opened).</summary>
public sealed class SchedulerDbContextFactory : IDesignTimeDbContextFactory<SchedulerDbContext>
{
    public SchedulerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SchedulerDbContext>().UsePlatformScheduler("Host=127.0.0.1;Database=design_time").Options);
}
