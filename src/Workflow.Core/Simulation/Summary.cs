using System.Collections.Immutable;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Simulation;

public sealed record Tally(int OnTime, int Late, int Missed, int Pending, int Escalated)
{
    public static Tally Of(IEnumerable<MilestoneStanding> standings)
    {
        var list = standings.ToList();
        return new Tally(
            list.Count(s => s.Standing == Standing.OnTime),
            list.Count(s => s.Standing == Standing.Late),
            list.Count(s => s.Standing == Standing.Missed),
            list.Count(s => s.Standing == Standing.Pending),
            list.Count(s => s.Escalated));
    }
}

public sealed record RegionTally(RegionEntry Region, ImmutableDictionary<Milestone, Tally> ByMilestone);

/// <summary>The national milestone: ready once every plan is agreed (or its system withdrawn).</summary>
public sealed record NationalPlanReadiness(DateTimeOffset? Due, int Systems, int AgreedByDue, DateTimeOffset? LastAgreedAt, bool Ready);

/// <summary>
/// A hold in force at the end of a replay: since which timetable version it has stood unchanged, and for how many
/// systems it set a due date of the milestone (made it other than the working-day count would).
/// </summary>
public sealed record HoldStanding(Milestone Milestone, SystemCode? System, MilestoneHold Hold, int SinceVersion, int SystemsHeld);

/// <summary>
/// A round-wide suspension of the scenario: from, to (null while it was still in force at the end), why, how many systems
/// it suspended, and the working days it gave back to each of them when it ended.
/// </summary>
public sealed record RoundSuspensionStanding(DateTimeOffset From, DateTimeOffset? To, string Reason, int SystemsSuspended, int WorkingDaysGivenBack);

/// <summary>
/// A suspension one system had, its own or (<see cref="RoundWide"/>) the round's: from, until (null while still
/// suspended), why, and the working days it gave back.
/// </summary>
public sealed record SystemSuspension(SystemCode System, DateTimeOffset From, DateTimeOffset? Until, string Reason, int WorkingDaysGivenBack, bool RoundWide);

/// <summary>The figures a replay is judged by, shared by the readable summary and the JSON report.</summary>
public sealed record Summary(
    ImmutableDictionary<Milestone, Tally> ByMilestone,
    ImmutableArray<RegionTally> ByRegion,
    ImmutableDictionary<Stage, int> Stages,
    ImmutableDictionary<MessageKind, int> Messages,
    int MessageCount,
    NationalPlanReadiness NationalPlan)
{
    public ImmutableArray<HoldStanding> Holds { get; init; } = [];

    public ImmutableArray<RoundSuspensionStanding> RoundSuspensions { get; init; } = [];

    /// <summary>Every system's suspensions, by system code and then in time order.</summary>
    public ImmutableArray<SystemSuspension> SystemSuspensions { get; init; } = [];

    public static Summary Of(SimulationResult result, SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(directory);
        var round = result.Round;
        var standings = result.Runs.ToDictionary(
            run => run.System.Code,
            run => Assessment.Assessed.Where(round.Has).Select(m => Assessment.Assess(run.Final, round, m, DateTimeOffset.MaxValue)).ToList());

        ImmutableDictionary<Milestone, Tally> Tallies(IEnumerable<InstanceRun> runs) =>
            Assessment.Assessed.Where(round.Has).ToImmutableDictionary(
                m => m,
                m => Tally.Of(runs.SelectMany(r => standings[r.System.Code]).Where(s => s.Milestone == m)));

        var byRegion = directory.Regions
            .Select(region => new RegionTally(region, Tallies(result.Runs.Where(r => r.System.Region == region.Code))))
            .ToImmutableArray();

        var agreedAt = result.Runs
            .Where(r => r.Final.WithdrawnAt is null)
            .Select(r => r.Final.Decisions.LastOrDefault(d => d.Outcome == Outcome.Agreed)?.At)
            .ToList();
        var nationalDue = round.Has(Milestone.NationalPlan) ? round.FixedDue(Milestone.NationalPlan) : (DateTimeOffset?)null;
        var agreedByDue = agreedAt.Count(a => a is { } at && (nationalDue is null || at <= nationalDue));
        var national = new NationalPlanReadiness(
            nationalDue,
            agreedAt.Count,
            agreedByDue,
            agreedAt.All(a => a is not null) ? agreedAt.Max() : null,
            agreedByDue == agreedAt.Count);

        var commands = result.Runs.SelectMany(r => r.Commands).ToList();
        var roundWide = result.Scenario.Suspensions
            .Select(s => (From: round.Calendar.ToInstant(s.From), To: s.To is { } to ? round.Calendar.ToInstant(to) : (DateTimeOffset?)null, s.Reason))
            .ToList();
        return new Summary(
            Tallies(result.Runs),
            byRegion,
            result.Runs.GroupBy(r => r.Final.Stage).ToImmutableDictionary(g => g.Key, g => g.Count()),
            commands.GroupBy(c => c.Kind).ToImmutableDictionary(g => g.Key, g => g.Count()),
            commands.Count,
            national)
        {
            Holds = [.. round.Holds().Select(hold => Standing(result, hold))],
            RoundSuspensions = [.. roundWide.Select((s, i) => new RoundSuspensionStanding(
                s.From, s.To, s.Reason, result.Runs.Count(r => r.RoundSuspensions.Contains(i)),
                Timetable.WorkingDaysSuspended(round, new Pause(s.From, "", s.Reason, s.To))))],
            SystemSuspensions = [.. result.Runs
                .OrderBy(r => r.System.Code.Value, StringComparer.Ordinal)
                .SelectMany(r => r.Final.Pauses.Select(p => new SystemSuspension(
                    r.System.Code, p.From, p.Until, p.Reason, Timetable.WorkingDaysSuspended(round, p),
                    r.RoundSuspensions.Any(i => roundWide[i].From == p.From))))],
        };
    }

    private static HoldStanding Standing(SimulationResult result, (Milestone Milestone, SystemCode? System, MilestoneHold Hold) hold)
    {
        var round = result.Round;
        var since = round.Version;
        for (var i = result.Timetables.Length - 2; i >= 0 && result.Timetables[i].Holds().Contains(hold); i--)
        {
            since = result.Timetables[i].Version;
        }
        // A round-wide hold does not reach a system with its own hold on the milestone.
        bool Reaches(SystemCode code) => hold.System is { } only
            ? only == code
            : !(round.Definition.SystemHolds.TryGetValue(code, out var own) && own.ContainsKey(hold.Milestone));
        var held = result.Runs.Count(run => Reaches(run.System.Code) && Assessment.Occurrences(run.Final, hold.Milestone)
            .Any(key => Timetable.OpenedAt(run.Final, key) is { } opened
                && round.RelativeDue(hold.Milestone, opened, run.System.Code) != round.CountedDue(hold.Milestone, opened)));
        return new HoldStanding(hold.Milestone, hold.System, hold.Hold, since, held);
    }
}
