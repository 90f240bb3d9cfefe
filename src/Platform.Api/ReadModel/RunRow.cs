using Platform.Scheduling.Schema;

namespace Platform.Api.ReadModel;

/// <summary>A row of <c>scheduler.run_state</c>, the run history, as the API reads it (the scheduler's RunState owns the
/// table; both share <see cref="RunColumns"/>).</summary>
public sealed class RunRow : RunColumns
{
    public Guid RunId { get; set; }
}
