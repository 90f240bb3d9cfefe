namespace Platform.Worker.Ledger;

/// <summary>How an attempt ended (stored as its name).</summary>
public enum RunOutcomeKind
{
    /// <summary>The handler succeeded: the run is done.</summary>
    Succeeded,

    /// <summary>The attempt failed and the next one was scheduled.</summary>
    Failed,

    /// <summary>The last attempt failed: the run is given up and kept for replay.</summary>
    DeadLettered,

    /// <summary>The run was cancelled while this attempt ran (<c>CancelJobRun</c>): the handler's token was cancelled and
    /// the run is over; no retry, no dead letter.</summary>
    Cancelled,
}
