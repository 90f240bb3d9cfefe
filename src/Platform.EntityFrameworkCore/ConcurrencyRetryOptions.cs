using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// How a message whose transaction lost a race (a saga row changed since it was read, a saga instance created by a
/// concurrent initial event, a serialization failure or deadlock) is retried: at once-ish, with growing randomized
/// pauses so competing deliveries spread out. Bound from <c>Platform:ConcurrencyRetry</c>.
/// </summary>
public sealed class ConcurrencyRetryOptions
{
    public const string Section = "Platform:ConcurrencyRetry";

    /// <summary>Retries before the message faults. Under contention one of N concurrent deliveries wins each round, so keep
    /// it above the endpoint's concurrent message limit.</summary>
    [Range(1, 1000)]
    public int RetryLimit { get; set; } = 50;

    /// <summary>The first pause.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest pause.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The randomized step the pauses grow by.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan IntervalDelta { get; set; } = TimeSpan.FromMilliseconds(20);
}

/// <summary>Validates <see cref="ConcurrencyRetryOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class ConcurrencyRetryOptionsValidator : IValidateOptions<ConcurrencyRetryOptions>;
