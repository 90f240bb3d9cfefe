using Platform.ServiceDefaults;
using Platform.Worker;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults();
builder.AddPlatformWorker(worker => worker.AddBuiltInHandlers());

var app = builder.Build();
app.MapPlatformDefaults();
app.MapPlatformWorker();
app.Run();
