namespace Platform.Api.Commands;

/// <summary>The answer to a command sent over HTTP (202 Accepted): it is on the bus, durably; the scheduler decides.</summary>
/// <param name="Command">The message published: ScheduleJob, CancelJob, PauseJob, ResumeJob, TriggerJobNow or ReplayJobRun.</param>
/// <param name="JobId">The job it is for.</param>
/// <param name="RunId">The run it is for (ReplayJobRun).</param>
/// <param name="Sender">Who the audit trail records as its sender.</param>
public sealed record CommandAccepted(string Command, Guid JobId, Guid? RunId, string Sender);
