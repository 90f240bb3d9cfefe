using Platform.Api;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults();
builder.AddPlatformApi();

var app = builder.Build();
app.UseExceptionHandler();
// An error answered without a body (such as routing's 415 for a body that is not JSON) gets problem details.
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapPlatformDefaults();
app.MapPlatformApi();
app.Run();
