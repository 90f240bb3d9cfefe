using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Api.ReadModel;
using Platform.Scheduling.Schema;

namespace Platform.Api;

/// <summary><c>GET /api/audit</c>: every command the scheduler received, who sent it and what came of it.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", List)
            .WithTags("Audit")
            .WithName("ListAudit")
            .WithSummary("The audit trail: commands received, by job, command, sender, outcome and time range")
            .WithDescription("The range applies to when the scheduler received each command: from inclusive, to exclusive. Newest " +
                "first; at most limit items (1-1000, default 100); when there are more, 'continuation' (and the ready-made 'next' URL) " +
                "fetch the next page. Records are kept for Platform:Scheduler:AuditRetention (HistoryRetention, 30 days, when unset). " +
                "400 with a problem-details body naming each bad parameter.");
        return app;
    }

    static async Task<Results<Ok<Page<AuditEntry>>, ValidationProblem>> List(
        [Description("Only commands for this job (a GUID).")] string? jobId,
        [Description("ScheduleJob, CancelJob, PauseJob, ResumeJob, TriggerJobNow, BackfillJob, ReplayJobRun or ExternalEvent.")] string? command,
        [Description("true: accepted commands only; false: rejected ones only.")] string? accepted,
        [Description("Only commands of exactly this sender, such as 'api:alice'.")] string? sender,
        [Description("Received at or after this ISO 8601 instant.")] string? from,
        [Description("Received before this ISO 8601 instant.")] string? to,
        [Description("Page size, 1-1000; 100 when absent.")] string? limit,
        [Description("The 'continuation' of the previous page.")] string? continuation,
        SchedulerHistory history,
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var (start, end) = parameters.Range(from, to);
        var query = new AuditQuery(
            parameters.Id("jobId", jobId),
            parameters.OneOf("command", command, AuditedCommands.All, "an audited command"),
            parameters.Boolean("accepted", accepted),
            start,
            end,
            parameters.Limit(limit),
            parameters.Continuation(continuation, c => c.TryGetInt64(out _)),
            parameters.Text("sender", sender));
        if (parameters.HasErrors)
            return parameters.ToProblem("The audit request is invalid");

        var page = await history.ListAuditAsync(query, cancellationToken);
        return TypedResults.Ok(page with { Next = QueryParameters.NextLink(request, page.Continuation) });
    }
}
