namespace Platform.Worker.Execution;

/// <summary>Ends the consumption of a run without acknowledging it, so the broker delivers it again (to this or another
/// worker) instead of it landing in the error queue. No attempt is used up.</summary>
public sealed class RunHandedBackException : Exception
{
    public RunHandedBackException()
    {
    }

    public RunHandedBackException(string message)
        : base(message)
    {
    }

    public RunHandedBackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RunHandedBackException(HandBackReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public HandBackReason Reason { get; }
}
