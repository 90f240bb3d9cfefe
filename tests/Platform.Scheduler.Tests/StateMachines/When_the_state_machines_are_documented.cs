using JobStateMachine = Platform.Scheduler.Jobs.JobStateMachine;
using MassTransit;
using MassTransit.SagaStateMachine;
using NUnit.Framework;
using Platform.Scheduler.Runs;
using Platform.Scheduling.Schema;

namespace Platform.Scheduler.Tests.StateMachines;

/// <summary>
/// docs/state-machines.md cannot drift from the code: its diagrams are generated from the machines, compared here, and
/// rewritten with <c>UPDATE_SNAPSHOTS=1</c>. The generator itself is checked against the graph MassTransit draws.
/// </summary>
[TestFixture]
public sealed class When_the_state_machines_are_documented
{
    const string UpdateCommand = "UPDATE_SNAPSHOTS=1 dotnet test tests/Platform.Scheduler.Tests --filter FullyQualifiedName~When_the_state_machines_are_documented";
    const string Fence = "```";
    static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";

    static IEnumerable<string> Machines => [nameof(JobStateMachine), nameof(RunStateMachine)];

    [TestCaseSource(nameof(Machines))]
    public void Should_match_the_diagram_in_the_docs(string machine)
    {
        var diagram = Read(machine).Diagram.ToMermaid();
        var path = DocumentPath();
        var document = File.ReadAllText(path).ReplaceLineEndings("\n");
        var (start, end) = FindBlock(document, machine, path);
        if (Update)
        {
            document = string.Concat(document.AsSpan(0, start), diagram, document.AsSpan(end));
            File.WriteAllText(path, document);
            (start, end) = FindBlock(document, machine, path);
        }

        Assert.That(document[start..end], Is.EqualTo(diagram),
            $"the {machine} diagram in {path} differs from the machine; review the change, then run `{UpdateCommand}` to rewrite it (and update the prose beside it)");
    }

    [TestCaseSource(nameof(Machines))]
    public void Should_agree_with_the_graph_MassTransit_draws(string machine)
    {
        var (diagram, graph) = Read(machine);
        var drawn = graph.Edges.Select(e => $"{Kind(e.From)} {e.From.Title} -> {Kind(e.To)} {e.To.Title}");
        var ours = diagram.Transitions.SelectMany(t => new[] { $"state {t.From} -> event {t.Event}", $"event {t.Event} -> state {t.To}" });

        Assert.Multiple(() =>
        {
            Assert.That(drawn, Is.Not.Empty, $"MassTransit draws no transition of {machine}");
            Assert.That(ours.Distinct(), Is.EquivalentTo(drawn.Distinct()),
                "MassTransit's GetGraph() links states to events and events to states; every transition found here must be one of those links, and every link must come from one");
        });
    }

    [TestCaseSource(nameof(Machines))]
    public void Should_reach_every_state_from_the_initial_one(string machine)
    {
        var diagram = Read(machine).Diagram;
        var reached = new HashSet<string> { diagram.Initial };
        var next = new Queue<string>(reached);
        while (next.TryDequeue(out var state))
        {
            foreach (var to in diagram.Transitions.Where(t => t.From == state).Select(t => t.To))
            {
                if (reached.Add(to))
                    next.Enqueue(to);
            }
        }

        Assert.That(diagram.States.Except(reached), Is.Empty, $"{machine} declares states no transition from its initial state reaches");
    }

    [Test]
    public void Should_draw_each_branch_of_a_condition_as_its_own_transition()
    {
        var machine = new RunStateMachine();
        var transitions = StateMachineDiagram.Of(machine, RunStates.Final).Transitions;

        Assert.That(transitions, Is.SupersetOf(new[]
        {
            new StateMachineTransition(machine.Initial.Name, machine.Requested.Name, "if", RunStates.Queued),
            new StateMachineTransition(machine.Initial.Name, machine.Requested.Name, "else", RunStates.WaitingForDependencies),
            new StateMachineTransition(machine.Initial.Name, machine.Requested.Name, "else, if", RunStates.Skipped),
            // A report filtered to the run's current replay: the filter is the outer "if".
            new StateMachineTransition(RunStates.Running, machine.GaveUp.Name, "if, if", RunStates.TimedOut),
            new StateMachineTransition(RunStates.Running, machine.GaveUp.Name, "if, else", RunStates.DeadLettered),
            new StateMachineTransition(RunStates.Running, machine.GaveUp.Name, "if, else, if", RunStates.Queued),
        }));
    }

    static (StateMachineDiagram Diagram, StateMachineGraph Graph) Read(string machine)
    {
        switch (machine)
        {
            case nameof(JobStateMachine):
                var jobs = new JobStateMachine();
                return (StateMachineDiagram.Of(jobs, [jobs.Completed.Name, jobs.Cancelled.Name]), jobs.GetGraph());
            case nameof(RunStateMachine):
                var runs = new RunStateMachine();
                return (StateMachineDiagram.Of(runs, RunStates.Final), runs.GetGraph());
            default:
                throw new ArgumentOutOfRangeException(nameof(machine), machine, "not a documented state machine");
        }
    }

    static string Kind(Vertex vertex) => vertex.VertexType == typeof(State) ? "state" : "event";

    /// <summary>The text of the mermaid block that follows the marker <c>&lt;!-- diagram: {machine} --&gt;</c>, as start and
    /// end offsets (the fences excluded).</summary>
    static (int Start, int End) FindBlock(string document, string machine, string path)
    {
        var marker = $"<!-- diagram: {machine} ";
        var at = document.IndexOf(marker, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"{path} has no line starting `{marker}` before the {machine} diagram");
        Assert.That(document.IndexOf(marker, at + 1, StringComparison.Ordinal), Is.EqualTo(-1), $"{path} has the marker `{marker}` twice");

        var open = document.IndexOf($"\n{Fence}mermaid\n", at, StringComparison.Ordinal);
        Assert.That(open, Is.GreaterThan(at), $"no {Fence}mermaid block after `{marker}` in {path}");
        var start = open + $"\n{Fence}mermaid\n".Length;
        var end = document.IndexOf($"\n{Fence}\n", start - 1, StringComparison.Ordinal);
        Assert.That(end, Is.GreaterThanOrEqualTo(start - 1), $"the {machine} mermaid block in {path} is not closed");
        return (start, end + 1);
    }

    static string DocumentPath([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", "..", "docs", "state-machines.md"));
}
