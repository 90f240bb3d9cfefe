using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Worker.Execution;
using Platform.Worker.Ledger;

namespace Platform.Worker;

/// <summary>
/// Every worker process receives every <see cref="CancelJobRun"/> on a queue of its own (a broadcast). An attempt of the
/// run this process is executing, or has fetched and not started yet, is cancelled at once: the handler's token is
/// cancelled and the attempt ends as cancelled. The cancellation is recorded in the ledger, so an attempt delivered later
/// (still queued, redelivered, or a retry scheduled on the message scheduler) is not started.
/// </summary>
internal sealed class CancelJobRunConsumer(
    RunCancellations cancellations,
    IRunLedger ledger,
    TimeProvider clock,
    ILogger<CancelJobRunConsumer> logger) : IConsumer<CancelJobRun>
{
    public async Task Consume(ConsumeContext<CancelJobRun> context)
    {
        var command = context.Message;
        using var scope = logger.BeginRunScope(command.JobId, command.RunId);
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? "the run was cancelled" : command.Reason;
        // First here, so a running handler does not wait for the database; again after the record is written, for an
        // attempt tracked in between whose claim read the ledger before the record was there.
        var running = cancellations.Cancel(command.RunId, reason);
        try
        {
            await ledger.RecordCancellationAsync(new RunCancellation
            {
                RunId = command.RunId,
                JobId = command.JobId,
                Reason = reason,
                CancelledAt = clock.GetUtcNow(),
            }, context.CancellationToken);
        }
        finally
        {
            running |= cancellations.Cancel(command.RunId, reason);
        }

        if (running)
            logger.LogInformation("Run {RunId} of job {JobId} cancelled while this worker holds it: its handler is told to stop ({Reason})",
                command.RunId, command.JobId, reason);
        else
            logger.LogDebug("Run {RunId} of job {JobId} cancelled ({Reason}); this worker does not hold it", command.RunId, command.JobId, reason);
    }
}
