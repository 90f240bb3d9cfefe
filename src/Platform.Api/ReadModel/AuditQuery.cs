namespace Platform.Api.ReadModel;

/// <summary>Which audit records to list, newest first.</summary>
/// <param name="JobId">Commands for this job only, when given.</param>
/// <param name="Command">This command only, when given.</param>
/// <param name="Accepted">Only accepted (true) or rejected (false) commands, when given.</param>
/// <param name="From">Received at or after this instant.</param>
/// <param name="To">Received before this instant.</param>
/// <param name="Limit">Page size.</param>
/// <param name="After">Continue after this item (key: the record id).</param>
/// <param name="Sender">Commands of this sender only (such as <c>api:alice</c>), when given.</param>
public sealed record AuditQuery(Guid? JobId, string? Command, bool? Accepted, DateTimeOffset? From, DateTimeOffset? To, int Limit, Continuation? After,
    string? Sender = null);
