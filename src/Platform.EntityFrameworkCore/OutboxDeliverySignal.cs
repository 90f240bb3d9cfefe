using System.Threading.Channels;

namespace Platform.EntityFrameworkCore;

/// <summary>Tells this process's delivery service that a transaction committed outbox messages, so it delivers them now
/// instead of at its next poll. Signals coalesce and none is lost: one that arrives during a delivery round causes
/// another round.</summary>
internal sealed class OutboxDeliverySignal
{
    readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Notify() => _signals.Writer.TryWrite(true);

    /// <summary>Returns when signalled or after <paramref name="timeout"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _signals.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval ran out.
        }
    }
}
