using System.Text.Json;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;

namespace Workflow.Cli.Reports;

/// <summary>
/// Every command issued (time with offset, kind, system, milestone, recipients by role and address) and every
/// system's final state, streamed so that a 10,000-system replay does not build the document in memory.
/// </summary>
internal static class JsonReport
{
    public static void Write(Stream stream, SimulationResult result, Summary summary, SystemDirectory directory)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var round = result.Round;
        json.WriteStartObject();
        json.WriteStartObject("round");
        json.WriteString("id", round.Id.Value);
        json.WriteNumber("version", round.Version);
        json.WriteString("title", round.Definition.Title);
        json.WriteEndObject();
        json.WriteString("scenario", result.Scenario.Title);
        json.WriteNumber("systems", result.Runs.Length);

        WriteSummary(json, round, summary);

        json.WriteStartArray("commands");
        var issued = result.Runs
            .SelectMany(run => run.Commands.Select(command => (run, command)))
            .OrderBy(x => x.command.At)
            .ThenBy(x => x.run.System.Code.Value, StringComparer.Ordinal)
            .ThenBy(x => x.command.Id, StringComparer.Ordinal);
        foreach (var (run, command) in issued)
        {
            WriteCommand(json, round, directory, run, command);
        }
        json.WriteEndArray();

        json.WriteStartArray("finalStates");
        foreach (var run in result.Runs)
        {
            WriteFinalState(json, round, run);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter json, Round round, Summary summary)
    {
        json.WriteStartObject("summary");
        json.WriteStartObject("byMilestone");
        foreach (var (milestone, tally) in summary.ByMilestone.OrderBy(p => p.Key))
        {
            WriteTally(json, milestone.Name(), tally);
        }
        json.WriteEndObject();
        json.WriteStartObject("byRegion");
        foreach (var region in summary.ByRegion)
        {
            json.WriteStartObject(region.Region.Code.Value);
            json.WriteString("name", region.Region.Name);
            foreach (var (milestone, tally) in region.ByMilestone.OrderBy(p => p.Key))
            {
                WriteTally(json, milestone.Name(), tally);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("stages");
        foreach (var (stage, count) in summary.Stages.OrderBy(p => p.Key))
        {
            json.WriteNumber(Names.Kebab(stage), count);
        }
        json.WriteEndObject();
        json.WriteStartObject("messages");
        foreach (var (kind, count) in summary.Messages.OrderBy(p => p.Key))
        {
            json.WriteNumber(Names.Kebab(kind), count);
        }
        json.WriteEndObject();
        json.WriteStartObject("nationalPlan");
        if (summary.NationalPlan.Due is { } due)
        {
            json.WriteString("due", due);
        }
        json.WriteNumber("systems", summary.NationalPlan.Systems);
        json.WriteNumber("agreedByDue", summary.NationalPlan.AgreedByDue);
        json.WriteBoolean("ready", summary.NationalPlan.Ready);
        json.WriteEndObject();
        json.WriteStartArray("holds");
        foreach (var hold in summary.Holds)
        {
            json.WriteStartObject();
            json.WriteString("milestone", hold.Milestone.Name());
            if (hold.System is { } system)
            {
                json.WriteString("system", system.Value);
            }
            json.WriteString("kind", Names.Kebab(hold.Hold.Kind));
            json.WriteString("due", round.Calendar.ToLocal(round.HeldDue(hold.Milestone, hold.Hold)));
            if (hold.Hold.Reason is { } reason)
            {
                json.WriteString("reason", reason);
            }
            json.WriteNumber("sinceVersion", hold.SinceVersion);
            json.WriteNumber("systemsHeld", hold.SystemsHeld);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteSuspensions(json, round, summary);
        json.WriteEndObject();
    }

    private static void WriteSuspensions(Utf8JsonWriter json, Round round, Summary summary)
    {
        json.WriteStartObject("suspensions");
        json.WriteStartArray("roundWide");
        foreach (var suspension in summary.RoundSuspensions)
        {
            json.WriteStartObject();
            json.WriteString("from", round.Calendar.ToLocal(suspension.From));
            if (suspension.To is { } to)
            {
                json.WriteString("to", round.Calendar.ToLocal(to));
            }
            json.WriteString("reason", suspension.Reason);
            json.WriteNumber("systemsSuspended", suspension.SystemsSuspended);
            json.WriteNumber("workingDaysGivenBack", suspension.WorkingDaysGivenBack);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("systems");
        foreach (var suspension in summary.SystemSuspensions)
        {
            json.WriteStartObject();
            json.WriteString("system", suspension.System.Value);
            json.WriteString("from", round.Calendar.ToLocal(suspension.From));
            if (suspension.Until is { } until)
            {
                json.WriteString("until", round.Calendar.ToLocal(until));
            }
            json.WriteString("reason", suspension.Reason);
            json.WriteNumber("workingDaysGivenBack", suspension.WorkingDaysGivenBack);
            json.WriteBoolean("roundWide", suspension.RoundWide);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTally(Utf8JsonWriter json, string name, Tally tally)
    {
        json.WriteStartObject(name);
        json.WriteNumber("onTime", tally.OnTime);
        json.WriteNumber("late", tally.Late);
        json.WriteNumber("missed", tally.Missed);
        json.WriteNumber("pending", tally.Pending);
        json.WriteNumber("escalated", tally.Escalated);
        json.WriteEndObject();
    }

    private static void WriteCommand(Utf8JsonWriter json, Round round, SystemDirectory directory, InstanceRun run, Command command)
    {
        json.WriteStartObject();
        json.WriteString("at", round.Calendar.ToLocal(command.At));
        json.WriteString("id", command.Id);
        json.WriteString("kind", Names.Kebab(command.Kind));
        json.WriteString("system", run.System.Code.Value);
        json.WriteString("region", run.System.Region.Value);
        if (command.Milestone is { } milestone)
        {
            json.WriteString("milestone", milestone.Name());
            if (command.Cycle > 0)
            {
                json.WriteNumber("cycle", command.Cycle);
            }
        }
        if (command.Due is { } due)
        {
            json.WriteString("due", round.Calendar.ToLocal(due));
        }
        if (command.PlanVersion > 0)
        {
            json.WriteNumber("planVersion", command.PlanVersion);
        }
        WriteRecipients(json, "to", command.To, directory, run);
        WriteRecipients(json, "copy", command.Copy, directory, run);
        json.WriteEndObject();
    }

    private static void WriteRecipients(Utf8JsonWriter json, string name, IEnumerable<Role> roles, SystemDirectory directory, InstanceRun run)
    {
        json.WriteStartArray(name);
        foreach (var role in roles)
        {
            json.WriteStartObject();
            json.WriteString("role", Names.Kebab(role));
            json.WriteStartArray("addresses");
            foreach (var contact in directory.Resolve(role, run.System.Code, run.Final.Peer))
            {
                json.WriteStringValue(contact.Email);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteFinalState(Utf8JsonWriter json, Round round, InstanceRun run)
    {
        var state = run.Final;
        json.WriteStartObject();
        json.WriteString("system", run.System.Code.Value);
        json.WriteString("name", run.System.Name);
        json.WriteString("region", run.System.Region.Value);
        json.WriteString("stage", Names.Kebab(state.Stage));
        json.WriteBoolean("suspended", state.IsSuspended);
        json.WriteNumber("planVersion", state.PlanVersion);
        if (state.Peer is { } peer)
        {
            json.WriteString("peer", peer.Value);
        }
        if (state.PublishedUrl is { } url)
        {
            json.WriteString("publishedAt", state.Completed[new MilestoneKey(Milestone.Publication, 0)]);
            json.WriteString("publishedUrl", url.ToString());
        }
        json.WriteStartObject("milestones");
        foreach (var milestone in Assessment.Assessed.Where(round.Has))
        {
            var standing = Assessment.Assess(state, round, milestone, DateTimeOffset.MaxValue);
            json.WriteStartObject(milestone.Name());
            json.WriteString("standing", Names.Kebab(standing.Standing));
            json.WriteString("escalation", Names.Kebab(standing.Escalation));
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("completed");
        foreach (var (key, at) in state.Completed.OrderBy(p => p.Value))
        {
            json.WriteString(key.ToString(), round.Calendar.ToLocal(at));
        }
        json.WriteEndObject();
        json.WriteStartArray("refusals");
        foreach (var refusal in run.Refusals)
        {
            json.WriteStringValue(refusal);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
