using Platform.Worker;

namespace Samples.Reports;

/// <summary>Runs the platform's <c>reports.build</c> jobs in this service: totals the orders of a region.</summary>
public sealed class BuildReportHandler(OrderBook book, TimeProvider clock, ILogger<BuildReportHandler> logger) : IJobHandler<ReportRequest>
{
    public const string JobType = "reports.build";

    public Task HandleAsync(ReportRequest payload, JobRunContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(payload.Region))
            throw new PermanentJobFailureException("A report needs a region");
        var orders = book.Orders.Where(o => o.Region == payload.Region).ToList();
        var report = new Report(context.JobId, context.RunId, payload.Region, orders.Count, orders.Sum(o => o.Amount), clock.GetUtcNow());
        book.Add(report);
        logger.LogInformation("Report for {Region}: {Orders} orders, {Total} in total (run {RunId})", report.Region, report.Orders, report.Total,
            context.RunId);
        return Task.CompletedTask;
    }
}
