using Platform.Contracts;

namespace Platform.Api.Commands;

/// <summary>The answer to a bulk ScheduleJobs sent over HTTP (202 Accepted): the jobs on the bus, durably (the scheduler
/// accepts or rejects each on its own), and the jobs the API's validation refused, which were not sent.</summary>
/// <param name="Sent">The ids of the jobs published, in the body's order.</param>
/// <param name="Rejected">Each invalid job: its index in the body, its id and every field error.</param>
/// <param name="Sender">Who the audit trail records as the sender.</param>
public sealed record BatchAccepted(IReadOnlyList<Guid> Sent, IReadOnlyList<BatchRejection> Rejected, string Sender);

/// <summary>A job of a bulk request that the API's validation refused.</summary>
public sealed record BatchRejection(int Index, Guid JobId, IReadOnlyList<FieldError> Errors);
