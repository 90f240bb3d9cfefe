namespace Platform.Bench.Chaos;

/// <summary>One SIGKILL: which process, when, and how long its replacement took to start.</summary>
public sealed record ProcessKill(string Name, ProcessKind Kind, int Pid, DateTimeOffset At, TimeSpan Restart);
