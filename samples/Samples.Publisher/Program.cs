using Platform.Client;
using Platform.ServiceDefaults;
using Samples.Publisher;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults();
// No bus of its own: the platform's host defaults make one (Platform:RabbitMq) with the client on it.
builder.AddPlatformBus(x => x.AddPlatformClient());

var app = builder.Build();
app.MapPlatformDefaults();
app.MapReportEndpoints();
app.Run();
