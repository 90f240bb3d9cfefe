using MassTransit;

namespace Platform.Scheduler;

/// <summary>
/// The state machines write their state names into the tables the API, the CLI and operators read; those names are the
/// schema vocabulary's (<c>Platform.Scheduling.Schema</c>). A state machine whose states differ from it fails when it is
/// built, at start-up and in every test, instead of writing a state nobody else knows.
/// </summary>
public static class StateNames
{
    /// <summary>Throws unless <paramref name="machine"/>'s states (besides Initial and Final) are exactly
    /// <paramref name="vocabulary"/>.</summary>
    public static void Check(StateMachine machine, IReadOnlyCollection<string> vocabulary)
    {
        var states = machine.States.Select(s => s.Name).Where(n => n is not ("Initial" or "Final")).ToHashSet(StringComparer.Ordinal);
        if (states.SetEquals(vocabulary))
            return;
        throw new InvalidOperationException($"{machine.GetType().Name} has states {string.Join(", ", states.Order(StringComparer.Ordinal))} but the " +
            $"schema vocabulary names {string.Join(", ", vocabulary.Order(StringComparer.Ordinal))}: a state is renamed in both at once " +
            "(Platform.Scheduling.Schema), with a migration of the rows that hold the old name.");
    }
}
