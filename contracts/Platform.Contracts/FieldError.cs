namespace Platform.Contracts;

/// <summary>One reason a command was rejected.</summary>
public sealed record FieldError
{
    /// <summary>The camelCase path of the offending field, such as <c>trigger.cron</c>.</summary>
    public string Field { get; init; } = "";

    /// <summary>What is wrong with it and what is accepted.</summary>
    public string Message { get; init; } = "";
}
