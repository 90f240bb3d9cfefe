using Platform.Scheduler;
using Platform.Scheduler.Persistence;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults();
builder.AddScheduler();

var app = builder.Build();
if (args.Contains("--migrate-only"))
{
    // A deployment's migration step (docs/deploy.md): apply the database migrations and exit; nothing else starts.
    await ActivatorUtilities.CreateInstance<DatabaseMigrator>(app.Services).MigrateAsync(CancellationToken.None);
    await app.DisposeAsync();
    return;
}

app.MapPlatformDefaults();
app.Run();
