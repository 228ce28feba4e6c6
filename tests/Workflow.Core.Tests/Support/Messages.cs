using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Tests.Support;

/// <summary>Commands as one line each, so a wrong kind, time, offset, due date or recipient shows in the diff.</summary>
internal static class Messages
{
    public static string Describe(this Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var due = command.Due is { } d ? $" due {Instance.Local(d)}" : "";
        var copy = command.Copy.IsEmpty ? "" : $" cc {string.Join("+", command.Copy)}";
        return $"{command.Kind} {Instance.Local(command.At)}{due} to {string.Join("+", command.To)}{copy}";
    }

    public static IEnumerable<string> Describe(this IEnumerable<Command> commands) => commands.Select(Describe);

    public static IEnumerable<Command> About(this IEnumerable<Command> commands, Milestone milestone, int cycle = 0) =>
        commands.Where(c => c.Milestone == milestone && c.Cycle == cycle);

    /// <summary>The kinds that Decide schedules from the round's rules, as opposed to notices answering an event.</summary>
    public static bool IsScheduled(this Command command) =>
        command.Kind is MessageKind.Reminder or MessageKind.DueToday or MessageKind.Overdue or MessageKind.EscalationToRegion
            or MessageKind.EscalationToNational or MessageKind.Timetable or MessageKind.PeerReviewPairing;

    /// <summary>The kinds that chase a milestone: reminders before it, and the ladder after it.</summary>
    public static bool IsChaser(this Command command) =>
        command.Kind is MessageKind.Reminder or MessageKind.DueToday or MessageKind.Overdue or MessageKind.EscalationToRegion
            or MessageKind.EscalationToNational;
}
