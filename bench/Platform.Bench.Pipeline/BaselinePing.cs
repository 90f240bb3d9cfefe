namespace Platform.Bench.Pipeline;

/// <summary>The baseline's message: a plain publish -> consume on the same broker.</summary>
public sealed record BaselinePing(int Index);
