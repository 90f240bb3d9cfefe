using System.Text;
using MassTransit;

namespace Platform.Scheduler.Tests.StateMachines;

/// <summary>
/// The states and transitions of a MassTransit state machine, read from the machine itself, and their Mermaid
/// <c>stateDiagram-v2</c> text. The output is sorted, so the same machine always gives the same text.
/// </summary>
public sealed class StateMachineDiagram
{
    const string Terminal = "[*]";

    StateMachineDiagram(string name, string initial, string final, IReadOnlyList<string> states, IReadOnlyList<StateMachineTransition> transitions,
        IReadOnlyList<string> ended)
    {
        Name = name;
        Initial = initial;
        Final = final;
        States = states;
        Transitions = transitions;
        Ended = ended;
    }

    /// <summary>The machine's type name.</summary>
    public string Name { get; }

    /// <summary>The state a new instance starts in (drawn as the start, <c>[*]</c>).</summary>
    public string Initial { get; }

    /// <summary>MassTransit's Final state (drawn as the end, <c>[*]</c>, when a transition enters it).</summary>
    public string Final { get; }

    /// <summary>The machine's own states (neither Initial nor Final), sorted.</summary>
    public IReadOnlyList<string> States { get; }

    /// <summary>Every transition, sorted by state left, state entered, then label.</summary>
    public IReadOnlyList<StateMachineTransition> Transitions { get; }

    /// <summary>The states in which an instance has ended (the machine's own notion, styled as such), sorted.</summary>
    public IReadOnlyList<string> Ended { get; }

    /// <summary>Reads <paramref name="machine"/>. <paramref name="ended"/> names the states that mean the instance has ended;
    /// each must be a state of the machine.</summary>
    public static StateMachineDiagram Of<TSaga>(StateMachine<TSaga> machine, IEnumerable<string> ended)
        where TSaga : class, SagaStateMachineInstance
    {
        var visitor = new StateMachineTransitionVisitor<TSaga>();
        machine.Accept(visitor);

        var initial = machine.Initial.Name;
        var final = machine.Final.Name;
        var states = machine.States.Select(s => s.Name).Where(s => s != initial && s != final).Order(StringComparer.Ordinal).ToList();
        var endedStates = ended.Distinct().Order(StringComparer.Ordinal).ToList();
        var unknown = endedStates.Except(states).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{machine.GetType().Name} has no state {string.Join(", ", unknown)}", nameof(ended));

        var transitions = visitor.Transitions
            .OrderBy(t => t.From == initial ? 0 : 1)
            .ThenBy(t => t.From, StringComparer.Ordinal)
            .ThenBy(t => t.To == final ? 1 : 0)
            .ThenBy(t => t.To, StringComparer.Ordinal)
            .ThenBy(t => t.Label, StringComparer.Ordinal)
            .ToList();
        return new StateMachineDiagram(machine.GetType().Name, initial, final, states, transitions, endedStates);
    }

    /// <summary>
    /// Mermaid <c>stateDiagram-v2</c> text, drawn left to right, lines ending in <c>\n</c>: every state, then every
    /// transition labelled with its event (and its branch: <c>Event [if]</c>, <c>Event [else, if]</c>), Initial drawn as
    /// the start, Final and states no transition leaves drawn into the end, and the ended states styled with the class
    /// <c>ended</c>.
    /// </summary>
    public string ToMermaid()
    {
        var text = new StringBuilder("stateDiagram-v2\n    direction LR\n");
        foreach (var state in States)
            text.Append("    ").Append(state).Append('\n');

        foreach (var t in Transitions)
            text.Append("    ").Append(Node(t.From)).Append(" --> ").Append(Node(t.To)).Append(" : ").Append(t.Label).Append('\n');

        var left = Transitions.Select(t => t.From).ToHashSet();
        var entered = Transitions.Select(t => t.To).ToHashSet();
        foreach (var state in States.Where(s => entered.Contains(s) && !left.Contains(s)))
            text.Append("    ").Append(state).Append(" --> ").Append(Terminal).Append('\n');

        if (Ended.Count > 0)
        {
            text.Append("    classDef ended font-weight:bold,stroke-width:3px\n");
            text.Append("    class ").Append(string.Join(", ", Ended)).Append(" ended\n");
        }

        return text.ToString();
    }

    string Node(string state) => state == Initial || state == Final ? Terminal : state;
}
