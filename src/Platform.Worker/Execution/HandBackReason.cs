namespace Platform.Worker.Execution;

/// <summary>Why a run went back to its queue unacknowledged.</summary>
public enum HandBackReason
{
    /// <summary>The worker is stopping: it takes no new runs, and cancels the ones still running after the drain time.</summary>
    Stopping,

    /// <summary>The broker or the database failed around the run; the kill switch counts these.</summary>
    Infrastructure,
}
