namespace Platform.Worker;

/// <summary>Thrown by a handler (or by the worker for an unreadable payload) when retrying cannot help: the run is
/// dead-lettered at once instead of retried.</summary>
public sealed class PermanentJobFailureException : Exception
{
    public PermanentJobFailureException()
    {
    }

    public PermanentJobFailureException(string message)
        : base(message)
    {
    }

    public PermanentJobFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
