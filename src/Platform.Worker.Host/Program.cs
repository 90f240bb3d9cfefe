using Platform.ServiceDefaults;
using Platform.Worker;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults();
builder.AddPlatformBus(x => x.AddPlatformWorker(worker => worker.AddBuiltInHandlers()),
    (context, cfg) => cfg.ConfigurePlatformWorker(context));

var app = builder.Build();
app.MapPlatformDefaults();
app.MapPlatformWorker();
app.Run();
