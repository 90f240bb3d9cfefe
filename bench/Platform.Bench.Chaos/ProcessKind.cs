namespace Platform.Bench.Chaos;

public enum ProcessKind
{
    Scheduler,
    Worker,
}
