using System.Globalization;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;

namespace Workflow.Cli.Reports;

/// <summary>The replay as a person reads it: per milestone and region, on time, late, missed and escalated; where systems ended.</summary>
internal static class TextSummary
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    public static void Write(TextWriter output, SimulationResult result, Summary summary, SystemDirectory directory)
    {
        var round = result.Round;
        var milestones = Assessment.Assessed.Where(round.Has).ToList();
        output.WriteLine($"{round.Definition.Title} (round {round.Id}, timetable version {round.Version})");
        output.WriteLine($"Scenario: {result.Scenario.Title}");
        output.WriteLine($"{result.Runs.Length} systems in {directory.Regions.Length} regions; {summary.MessageCount.ToString("N0", English)} messages issued.");
        output.WriteLine();

        output.WriteLine($"{"Milestone",-58} {"due",-18} {"on time",7} {"late",5} {"missed",7} {"escalated",10}");
        foreach (var milestone in milestones)
        {
            var tally = summary.ByMilestone[milestone];
            var definition = round.Definition[milestone];
            var due = definition.Deadline switch
            {
                FixedDeadline => Date(round, round.FixedDue(milestone)),
                RelativeDeadline relative => $"+{relative.WorkingDays} working days",
                _ => "",
            };
            output.WriteLine($"{Truncate(definition.Title, 58),-58} {due,-18} {tally.OnTime,7} {tally.Late,5} {tally.Missed,7} {tally.Escalated,10}");
        }
        output.WriteLine();
        WriteHolds(output, result, summary, directory);
        WriteSuspensions(output, result, summary, directory);

        output.WriteLine("By region: on time / late / missed / escalated");
        var columns = milestones.Where(m => m is not (Milestone.Footprint or Milestone.FootprintAcknowledgement)).ToList();
        output.WriteLine($"{"Region",-26}" + string.Concat(columns.Select(m => $" {m.Name(),-14}")));
        foreach (var region in summary.ByRegion)
        {
            output.WriteLine($"{Truncate(region.Region.Name, 26),-26}" + string.Concat(columns.Select(m =>
            {
                var t = region.ByMilestone[m];
                return $" {$"{t.OnTime}/{t.Late}/{t.Missed}/{t.Escalated}",-14}";
            })));
        }
        output.WriteLine();

        output.WriteLine("Where systems ended: " + string.Join(", ",
            Enum.GetValues<Stage>().Where(summary.Stages.ContainsKey).Select(s => $"{Names.Words(s)} {summary.Stages[s]}")));
        var national = summary.NationalPlan;
        if (national.Due is { } nationalDue)
        {
            var last = national.LastAgreedAt is { } lastAgreed ? $"; the last plan was agreed on {Date(round, lastAgreed)}" : "; some plans were never agreed";
            output.WriteLine($"National implementation plan (due {Date(round, nationalDue)}): {national.AgreedByDue} of {national.Systems} plans agreed by then{last} — {(national.Ready ? "ready" : "not ready")}.");
        }
        output.WriteLine("Messages by kind: " + string.Join(", ",
            Enum.GetValues<MessageKind>().Where(summary.Messages.ContainsKey).Select(k => $"{Names.Words(k)} {summary.Messages[k]}")));

        var refusals = result.Runs.Where(r => !r.Refusals.IsEmpty).ToList();
        if (refusals.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Scripted actions the workflow refused:");
            foreach (var run in refusals)
            {
                foreach (var refusal in run.Refusals)
                {
                    output.WriteLine($"  {run.System.Code} {run.System.Name}: {refusal}");
                }
            }
        }
    }

    private static void WriteHolds(TextWriter output, SimulationResult result, Summary summary, SystemDirectory directory)
    {
        if (summary.Holds.IsEmpty)
        {
            return;
        }
        var round = result.Round;
        output.WriteLine("Holds in force at the end:");
        foreach (var hold in summary.Holds)
        {
            var since = hold.SinceVersion == result.Timetables[0].Version ? "in the round file" : $"since timetable version {hold.SinceVersion}";
            var name = hold.System is { } code && directory.TryGetSystem(code, out var system) ? system.Name : null;
            var held = hold.System is not null
                ? hold.SystemsHeld > 0 ? "it set the system's due date" : "it did not change the system's due date"
                : hold.SystemsHeld > 0 ? $"it set the due date for {hold.SystemsHeld} {(hold.SystemsHeld == 1 ? "system" : "systems")}" : "it set no system's due date";
            output.WriteLine($"  {HoldText.Describe(round, hold.Milestone, hold.System, hold.Hold, name)}, {since}: {held}");
        }
        output.WriteLine();
    }

    /// <summary>
    /// The round's suspensions, each with the systems it suspended, then each system's own; a round-wide one is not
    /// repeated for every system it reached (the JSON report lists those too).
    /// </summary>
    private static void WriteSuspensions(TextWriter output, SimulationResult result, Summary summary, SystemDirectory directory)
    {
        var own = summary.SystemSuspensions.Where(s => !s.RoundWide).ToList();
        if (summary.RoundSuspensions.IsEmpty && own.Count == 0)
        {
            return;
        }
        var round = result.Round;
        output.WriteLine("Suspensions:");
        foreach (var suspension in summary.RoundSuspensions)
        {
            var count = $"it suspended {suspension.SystemsSuspended} {(suspension.SystemsSuspended == 1 ? "system" : "systems")}";
            output.WriteLine(suspension.To is { } to
                ? $"  the round from {Time(round, suspension.From)} to {Time(round, to)} ({suspension.Reason}): {count}, {GivenBack(suspension.WorkingDaysGivenBack)}"
                : $"  the round from {Time(round, suspension.From)}, still in force at the end ({suspension.Reason}): {count}");
        }
        foreach (var suspension in own)
        {
            var name = directory.TryGetSystem(suspension.System, out var system) ? $" ({system.Name})" : "";
            output.WriteLine(suspension.Until is { } until
                ? $"  {suspension.System}{name} from {Time(round, suspension.From)} to {Time(round, until)} ({suspension.Reason}): {GivenBack(suspension.WorkingDaysGivenBack)}"
                : $"  {suspension.System}{name} from {Time(round, suspension.From)}, still suspended at the end ({suspension.Reason})");
        }
        output.WriteLine();

        static string GivenBack(int days) => $"{days} working {(days == 1 ? "day" : "days")} given back";
    }

    private static string Time(Round round, DateTimeOffset instant) =>
        round.Calendar.ToLocal(instant).ToString("ddd d MMM yyyy HH:mm", English);

    public static string Date(Round round, DateTimeOffset instant) =>
        round.Calendar.ToLocal(instant).ToString("ddd d MMM yyyy", English);

    private static string Truncate(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
