using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Worker;
using Samples.Reports;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<OrderBook>();
builder.Services.AddOptions<BrokerOptions>().BindConfiguration(BrokerOptions.Section).ValidateDataAnnotations().ValidateOnStart();

// The service's own bus, as it was before it used the platform; the worker is one more registration on it.
builder.Services.AddMassTransit(x =>
{
    x.AddConsumer<OrderPlacedConsumer>();
    x.AddPlatformWorker(worker => worker.AddHandler<BuildReportHandler, ReportRequest>(BuildReportHandler.JobType));
    x.UsingRabbitMq((context, cfg) =>
    {
        var broker = context.GetRequiredService<IOptions<BrokerOptions>>().Value;
        cfg.Host(broker.Host, broker.Port, broker.VirtualHost, h =>
        {
            h.Username(broker.Username);
            h.Password(broker.Password);
        });
        cfg.ConfigurePlatformWorker(context);
        cfg.ConfigureEndpoints(context);
    });
});

var app = builder.Build();
app.MapPost("/orders", async (PlaceOrder order, IPublishEndpoint bus) =>
{
    var placed = new OrderPlaced(Guid.NewGuid(), order.Region, order.Amount);
    await bus.Publish(placed);
    return Results.Accepted($"/orders/{placed.OrderId}", placed);
});
app.MapGet("/orders", (OrderBook book) => book.Orders);
app.MapGet("/reports", (OrderBook book) => book.Reports);
app.MapPlatformWorker();
app.Run();
