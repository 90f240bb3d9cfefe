using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>How the endpoints registered with
/// <see cref="TransactionBatchRegistrationExtensions.AddPlatformTransactionBatches{TDbContext}"/> share transactions.
/// Bound from <c>Platform:TransactionBatches</c>.</summary>
public sealed class TransactionBatchOptions
{
    public const string Section = "Platform:TransactionBatches";

    /// <summary>Messages consumed in one transaction at most. A transaction takes whatever arrived while the previous one
    /// was committing, so under light load each message still gets a transaction of its own at once.</summary>
    [Range(1, 10_000)]
    public int MaxMessages { get; set; } = 256;

    /// <summary>Messages each batched endpoint may hold unacknowledged (and so offer to one transaction).</summary>
    [Range(1, 65_535)]
    public int PrefetchCount { get; set; } = 256;

    /// <summary>How often a transaction that lost an optimistic-concurrency race to another process is run again as a
    /// whole before its messages are tried one by one.</summary>
    [Range(0, 100)]
    public int ConflictRetryLimit { get; set; } = 10;
}

/// <summary>Validates <see cref="TransactionBatchOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class TransactionBatchOptionsValidator : IValidateOptions<TransactionBatchOptions>;
