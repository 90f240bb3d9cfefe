using Platform.Contracts;

namespace Platform.Worker.Ledger;

/// <summary>One attempt of one run (of one replay): what the worker remembers outcomes and leases by.</summary>
public readonly record struct RunKey(Guid RunId, int Replay, int Attempt)
{
    public static RunKey Of(ExecuteJobRun run) => new(run.RunId, run.Replay, run.Attempt);

    public override string ToString() => Replay == 0 ? $"{RunId}#{Attempt}" : $"{RunId}/replay {Replay}#{Attempt}";
}
