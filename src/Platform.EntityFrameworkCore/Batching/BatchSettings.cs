namespace Platform.EntityFrameworkCore.Batching;

/// <summary>How the units of one <see cref="TransactionBatcher{TDbContext}"/> consume: which message types go in process
/// to which handler, which instances are preloaded for which messages, and whether each message's changes are saved on
/// their own.</summary>
internal sealed class BatchSettings
{
    readonly Dictionary<Type, IBatchHandler> _inProcess = [];
    readonly Dictionary<Type, List<IBatchPreload>> _preloads = [];

    public IReadOnlyDictionary<Type, IBatchHandler> InProcess => _inProcess;

    /// <summary>True: one save per unit (its consumers save before they query what earlier messages may have changed);
    /// false: each message's changes are saved before the next message is consumed.</summary>
    public bool SaveOncePerTransaction { get; set; }

    public void DispatchInProcess(IBatchHandler handler)
    {
        if (_inProcess.TryGetValue(handler.MessageType, out var existing) && !ReferenceEquals(existing, handler))
            throw new MassTransit.ConfigurationException($"{handler.MessageType.Name} has two in-process consumers; a message dispatched in process has exactly one");
        _inProcess[handler.MessageType] = handler;
    }

    public void Preload(IBatchPreload preload)
    {
        if (!_preloads.TryGetValue(preload.MessageType, out var list))
            _preloads[preload.MessageType] = list = [];
        list.Add(preload);
    }

    public IReadOnlyList<IBatchPreload> PreloadsOf(Type messageType) => _preloads.TryGetValue(messageType, out var list) ? list : [];
}
