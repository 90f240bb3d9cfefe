namespace Platform.Api.Commands;

/// <summary>The optional body of <c>POST /api/jobs/{jobId}/cancel|pause|resume|trigger</c>.</summary>
/// <param name="Reason">Why, for the audit trail and the events the command causes.</param>
public sealed record JobCommandRequest(string? Reason);
