using Platform.Testing;

namespace Platform.Bench.Chaos;

/// <summary>Two scheduler and two worker processes (the real hosts). A killed process is replaced by a new process with
/// the same instance id (scheduler-a, worker-1, ...), as a supervisor restarting a stateful set would: a restarted
/// scheduler may find its own expired claims, and the other instance may take them over first.</summary>
public sealed class Cluster : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    readonly ChaosEnvironment _environment;
    readonly TextWriter _output;
    readonly List<Member> _members = [];
    readonly List<ProcessKill> _kills = [];

    Cluster(ChaosEnvironment environment, TextWriter output)
    {
        _environment = environment;
        _output = output;
    }

    public IReadOnlyList<ProcessKill> Kills => _kills;

    /// <summary>The processes running now: name and process id.</summary>
    public IEnumerable<(string Name, int Pid)> Processes => _members.Where(m => m.Process is not null).Select(m => (m.Name, m.Process!.Id));

    /// <summary>Starts the four processes; their output goes to <paramref name="output"/>.</summary>
    public static async Task<Cluster> StartAsync(ChaosEnvironment environment, TextWriter output)
    {
        var cluster = new Cluster(environment, output);
        // One after the other: the first scheduler creates the schema, the first worker its ledger tables.
        foreach (var (name, kind) in new[]
                 {
                     ("scheduler-a", ProcessKind.Scheduler), ("scheduler-b", ProcessKind.Scheduler),
                     ("worker-1", ProcessKind.Worker), ("worker-2", ProcessKind.Worker),
                 })
        {
            var member = new Member(name, kind);
            cluster._members.Add(member);
            await cluster.StartAsync(member);
        }

        return cluster;
    }

    /// <summary>SIGKILLs one of the four processes, chosen by <paramref name="random"/>, and starts its replacement.</summary>
    public async Task<ProcessKill> KillOneAndRestartAsync(Random random)
    {
        var member = _members[random.Next(_members.Count)];
        var process = member.Process!;
        var pid = process.Id;
        process.Kill();
        var at = TimeProvider.System.GetUtcNow();
        await process.DisposeAsync();
        await StartAsync(member);
        var kill = new ProcessKill(member.Name, member.Kind, pid, at, TimeProvider.System.GetUtcNow() - at);
        _kills.Add(kill);
        return kill;
    }

    async Task StartAsync(Member member)
    {
        var configuration = member.Kind == ProcessKind.Scheduler
            ? _environment.SchedulerConfiguration(member.Name)
            : _environment.WorkerConfiguration(member.Name);
        var path = member.Kind == ProcessKind.Scheduler ? ChaosEnvironment.SchedulerHostPath : ChaosEnvironment.WorkerHostPath;
        member.Process = HostProcess.Start(path, member.Name, configuration, _output);
        await member.Process.WaitUntilStartedAsync(StartTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            if (member.Process is not null)
                await member.Process.DisposeAsync();
        }
    }

    sealed class Member(string name, ProcessKind kind)
    {
        public string Name { get; } = name;

        public ProcessKind Kind { get; } = kind;

        public HostProcess? Process { get; set; }
    }
}
