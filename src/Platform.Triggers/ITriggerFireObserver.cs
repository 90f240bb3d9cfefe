namespace Platform.Triggers;

/// <summary>Told after each fire transaction commits (metrics, benchmarks). Must be quick and must not throw.</summary>
public interface ITriggerFireObserver
{
    void Committed(IReadOnlyList<TriggerFire> fires, DateTimeOffset committedAt);
}
