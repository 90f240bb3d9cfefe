namespace Platform.Worker;

/// <summary>Which handler type runs which job type in this worker.</summary>
public sealed class JobHandlerRegistry
{
    readonly Dictionary<string, Type> _handlers = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> JobTypes => _handlers.Keys;

    internal void Add(string jobType, Type handlerType)
    {
        if (!_handlers.TryAdd(jobType, handlerType))
            throw new InvalidOperationException($"Job type '{jobType}' already has a handler: {_handlers[jobType].Name}");
    }

    public bool TryGet(string jobType, out Type handlerType) => _handlers.TryGetValue(jobType, out handlerType!);
}
