namespace Platform.Scheduler.Tests.StateMachines;

/// <summary>One move a state machine can make: in state <paramref name="From"/>, <paramref name="Event"/> takes the instance
/// to <paramref name="To"/>.</summary>
/// <param name="From">The state the event arrives in.</param>
/// <param name="Event">The event's name on the machine.</param>
/// <param name="Branch">Where the transition sits in the event's If/IfElse conditions, outermost first ("if" for the then
/// branch, "else" for the other); empty when it is unconditional.</param>
/// <param name="To">The state the instance is moved to.</param>
public sealed record StateMachineTransition(string From, string Event, string Branch, string To)
{
    /// <summary>The event name, with the branch in brackets when there is one.</summary>
    public string Label => Branch.Length == 0 ? Event : $"{Event} [{Branch}]";
}
