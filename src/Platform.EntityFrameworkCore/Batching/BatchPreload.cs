using MassTransit;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>A hint that consuming a message will need a saga instance the message does not correlate to directly (an
/// instance an in-process message of its chain goes to): it is loaded with the unit's other instances, in one query.</summary>
internal interface IBatchPreload
{
    Type MessageType { get; }

    void Announce(object message, BatchUnit unit);
}

internal sealed class BatchPreload<TMessage, TSaga>(Func<TMessage, IEnumerable<Guid>> correlationIds) : IBatchPreload
    where TMessage : class
    where TSaga : class, ISaga
{
    public Type MessageType => typeof(TMessage);

    public void Announce(object message, BatchUnit unit)
    {
        var sagas = unit.Sagas<TSaga>();
        foreach (var id in correlationIds((TMessage)message))
            sagas.Want(id);
    }
}
