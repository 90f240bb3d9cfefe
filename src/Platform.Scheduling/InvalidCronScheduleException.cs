namespace Platform.Scheduling;

/// <summary>A cron expression or time zone that cannot be used. <see cref="Exception.Message"/> is written for users: it
/// names the cron field that is wrong and what it accepts, or says that the time zone is unknown.
/// <see cref="ArgumentException.ParamName"/> is <c>expression</c> or <c>timeZone</c>.</summary>
public sealed class InvalidCronScheduleException : ArgumentException
{
    readonly string _message;

    public InvalidCronScheduleException(string message, string paramName)
        : base(message, paramName) => _message = message;

    /// <summary>The message alone, without ArgumentException's "(Parameter ...)" suffix.</summary>
    public override string Message => _message;
}
