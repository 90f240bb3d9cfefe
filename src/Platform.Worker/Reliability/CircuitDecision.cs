namespace Platform.Worker.Reliability;

/// <summary>What a breaker says about one run: go (perhaps as a half-open probe), or wait until <see cref="HoldUntil"/>.</summary>
public readonly record struct CircuitDecision(bool Allowed, bool Probe, DateTimeOffset HoldUntil)
{
    public static CircuitDecision Go { get; } = new(true, false, default);

    public static CircuitDecision GoAsProbe { get; } = new(true, true, default);

    public static CircuitDecision HoldBack(DateTimeOffset until) => new(false, false, until);
}
