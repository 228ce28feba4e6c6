using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Workflow.Core.Calendar;

namespace Workflow.Core.Rounds;

/// <summary>
/// Reads and checks a round definition. Every problem is reported with its JSON path; a round with any
/// problem is not returned at all.
/// </summary>
public static class RoundParser
{
    private const int MaxWorkingDays = 130;

    private static readonly Milestone[] Required =
        [Milestone.Draft, Milestone.Final, Milestone.Agreement, Milestone.Resubmission, Milestone.Publication];

    /// <summary>Fixed milestones in the order their due dates must come.</summary>
    private static readonly Milestone[] Sequence =
        [Milestone.Footprint, Milestone.Draft, Milestone.PeerReview, Milestone.Final, Milestone.NationalPlan];

    public static Loaded<Round> Parse(string json, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(calendar);
        var problems = new List<Problem>();
        var holds = new List<HoldSite>();
        try
        {
            using var document = JsonDocument.Parse(json, JsonFiles.Options);
            var definition = Read(document.RootElement, calendar, problems, holds);
            if (definition is null || problems.Count > 0)
            {
                return Loaded.Failure<Round>(problems);
            }
            var round = new Round(definition, calendar);
            CheckHolds(round, holds, problems);
            if (problems.Count > 0)
            {
                return Loaded.Failure<Round>(problems);
            }
            return Loaded.Success<Round>(round, CoverageWarnings(round));
        }
        catch (JsonException ex)
        {
            return Loaded.Failure<Round>([new Problem(JsonPaths.FromException(ex), "the file is not valid JSON: " + ex.Message)]);
        }
    }

    /// <summary>
    /// Reads a changed timetable for a running round: the same round id with a higher version. Running
    /// instances follow it as soon as they are next decided, because every due date is read from the round.
    /// </summary>
    public static Loaded<Round> ParseChange(string json, Round current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var changed = Parse(json, current.Calendar);
        if (changed.Value is not { } round)
        {
            return changed;
        }
        if (round.Id != current.Id)
        {
            return Loaded.Failure<Round>([new Problem("$.id", $"this changes round {current.Id}; it cannot be renamed to {round.Id}")]);
        }
        return round.Version > current.Version
            ? changed
            : Loaded.Failure<Round>([new Problem("$.version", $"a changed timetable needs a version above {current.Version}, not {round.Version}")]);
    }

    /// <summary>A hold as written, with the path of its date, for the checks that need the whole timetable.</summary>
    private sealed record HoldSite(Milestone Milestone, SystemCode? System, MilestoneHold Hold, string DatePath);

    private static RoundDefinition? Read(JsonElement root, WorkingCalendar calendar, List<Problem> problems, List<HoldSite> holds)
    {
        var reader = JsonObjectReader.For(root, "$", problems);
        if (reader is null)
        {
            return null;
        }
        var id = reader.String("id");
        if (id is not null && !RoundId.IsWellFormed(id))
        {
            reader.Fail("id", $"'{id}' must be 1 to 32 letters, digits or hyphens, starting with a letter or digit");
        }
        // Versions are stored in six digits, so they sort in order; nobody revises a round a million times.
        var version = reader.Int("version", required: false, min: 1, max: 999_999) ?? 1;
        var title = reader.String("title");
        var timeZone = reader.String("timeZone");
        if (timeZone is not null && timeZone != calendar.TimeZone.Id)
        {
            reader.Fail("timeZone", $"'{timeZone}' is not the calendar's time zone ({calendar.TimeZone.Id})");
        }
        var opens = reader.LocalDateTime("opens");
        var sendAt = reader.Time("sendAt");
        var named = new HashSet<Milestone>();
        var milestones = ReadMilestones(reader, calendar, problems, named, holds);
        var reminders = ReadReminders(reader, milestones, named, problems);
        var ladder = ReadLadder(reader, milestones, named, problems);
        var systemHolds = ReadSystems(reader, milestones, named, calendar, problems, holds);
        reader.RejectUnknown();
        CheckOrder(reader, opens, milestones);
        if (opens is { } open)
        {
            CheckWorkingDay(reader, "opens", open, calendar);
        }

        if (id is null || title is null || timeZone is null || opens is null || sendAt is null || problems.Count > 0)
        {
            return null;
        }
        return new RoundDefinition(new RoundId(id), version, title, timeZone, opens.Value, sendAt.Value,
            milestones.ToFrozenDictionary(m => m.Key, m => m.Value.Definition),
            reminders.ToFrozenDictionary(), ladder.ToFrozenDictionary())
        {
            SystemHolds = systemHolds,
        };
    }

    private static Dictionary<Milestone, (MilestoneDefinition Definition, string Path)> ReadMilestones(
        JsonObjectReader root, WorkingCalendar calendar, List<Problem> problems, HashSet<Milestone> named, List<HoldSite> holds)
    {
        var found = new Dictionary<Milestone, (MilestoneDefinition, string)>();
        foreach (var (item, path) in root.Array("milestones"))
        {
            var reader = JsonObjectReader.For(item, path, problems);
            if (reader is null)
            {
                continue;
            }
            var name = reader.String("id");
            var title = reader.String("title");
            var optional = reader.Bool("optional") ?? false;
            var hasDue = reader.Has("due");
            var hasRelative = reader.Has("dueWorkingDaysAfter");
            var due = hasDue ? reader.LocalDateTime("due") : null;
            var workingDays = hasRelative ? reader.Int("dueWorkingDaysAfter", min: 1, max: MaxWorkingDays) : null;
            var dueTime = reader.Has("dueTime") ? reader.Time("dueTime") : null;
            var opens = reader.Has("opens") ? reader.LocalDateTime("opens") : null;
            var holdReader = reader.Object("hold", required: false);
            var hold = holdReader is null ? null : HoldFields.Read(holdReader);
            holdReader?.RejectUnknown();
            reader.RejectUnknown();

            if (name is null)
            {
                continue;
            }
            if (!Milestones.TryParse(name, out var milestone))
            {
                reader.Fail("id", $"unknown milestone '{name}'; known: {string.Join(", ", Milestones.AllNames)}");
                continue;
            }
            if (!named.Add(milestone))
            {
                reader.Fail("id", $"milestone '{name}' is defined twice");
                continue;
            }

            Deadline? deadline = null;
            if (milestone.IsRelative())
            {
                if (hasDue)
                {
                    reader.Fail("due", $"'{name}' falls due relative to the event that opens it: give dueWorkingDaysAfter and dueTime, not due");
                }
                if (!hasRelative)
                {
                    reader.Fail("dueWorkingDaysAfter", "missing");
                }
                if (dueTime is null && !reader.Has("dueTime"))
                {
                    reader.Fail("dueTime", "missing");
                }
                if (hold is not null && holdReader is not null)
                {
                    var dateName = HoldFields.NameOf(hold.Kind);
                    if (CheckWorkingDay(holdReader, dateName, hold.Date, calendar))
                    {
                        holds.Add(new HoldSite(milestone, null, hold, holdReader.At(dateName)));
                    }
                }
                if (workingDays is { } days && dueTime is { } time)
                {
                    deadline = new RelativeDeadline(days, time) { Hold = hold };
                }
            }
            else
            {
                if (hasRelative || reader.Has("dueTime"))
                {
                    reader.Fail(hasRelative ? "dueWorkingDaysAfter" : "dueTime", $"'{name}' has a fixed due date: give due, not a relative deadline");
                }
                if (!hasDue)
                {
                    reader.Fail("due", "missing");
                }
                if (holdReader is not null)
                {
                    reader.Fail("hold", HoldFields.NotHoldable(milestone));
                }
                if (due is { } fixedDue)
                {
                    deadline = new FixedDeadline(fixedDue);
                    CheckWorkingDay(reader, "due", fixedDue, calendar);
                }
            }

            if (milestone == Milestone.PeerReview)
            {
                if (opens is null && !reader.Has("opens"))
                {
                    reader.Fail("opens", "missing: peer review needs the date its window opens");
                }
                if (opens is { } start)
                {
                    CheckWorkingDay(reader, "opens", start, calendar);
                    if (due is { } end && start >= end)
                    {
                        reader.Fail("opens", $"the peer-review window must open before it closes ({end:d MMM yyyy HH:mm})");
                    }
                }
            }
            else if (reader.Has("opens"))
            {
                reader.Fail("opens", "only peer review has a window that opens");
            }

            if (milestone == Milestone.Footprint && !optional)
            {
                reader.Fail("optional", "a footprint change notice is optional: set optional to true");
            }
            else if (milestone != Milestone.Footprint && optional)
            {
                reader.Fail("optional", $"'{name}' cannot be optional; only the footprint change notice is");
            }

            if (title is not null && deadline is not null)
            {
                found[milestone] = (new MilestoneDefinition(milestone, title, deadline, optional, opens), path);
            }
        }

        foreach (var missing in Required.Where(m => !named.Contains(m)))
        {
            root.Fail("milestones", $"the '{missing.Name()}' milestone is missing");
        }
        if (named.Contains(Milestone.Footprint) && !named.Contains(Milestone.FootprintAcknowledgement))
        {
            root.Fail("milestones", "a round with a footprint notice needs a 'footprint-acknowledgement' milestone for the director's acknowledgement");
        }
        return found;
    }

    private static void CheckWorkingDay(JsonObjectReader reader, string name, DateTime local, WorkingCalendar calendar) =>
        CheckWorkingDay(reader, name, DateOnly.FromDateTime(local), calendar);

    private static bool CheckWorkingDay(JsonObjectReader reader, string name, DateOnly date, WorkingCalendar calendar)
    {
        if (!calendar.Covers(date))
        {
            reader.Fail(name, $"{date:d MMM yyyy} is outside the calendar's years ({calendar.FirstYear}–{calendar.LastYear}); load a newer bank-holiday file");
            return false;
        }
        if (!calendar.IsWorkingDay(date))
        {
            reader.Fail(name, $"{date:dddd d MMM yyyy} is not a working day in England");
            return false;
        }
        return true;
    }

    private static void CheckOrder(JsonObjectReader root, DateTime? opens, Dictionary<Milestone, (MilestoneDefinition Definition, string Path)> milestones)
    {
        var previous = opens is { } open ? ("the round's opening", open) : default((string, DateTime)?);
        foreach (var milestone in Sequence)
        {
            if (!milestones.TryGetValue(milestone, out var entry) || entry.Definition.Deadline is not FixedDeadline { Due: var due })
            {
                continue;
            }
            if (previous is var (what, when) && due <= when)
            {
                root.Fail(entry.Path[(root.Path.Length + 1)..] + ".due",
                    $"'{milestone.Name()}' is due {due:d MMM yyyy HH:mm}, which is not after {what} ({when:d MMM yyyy HH:mm})");
            }
            if (milestone == Milestone.PeerReview && entry.Definition.Opens is { } peerOpens
                && milestones.TryGetValue(Milestone.Draft, out var draft) && draft.Definition.Deadline is FixedDeadline { Due: var draftDue }
                && peerOpens < draftDue)
            {
                root.Fail(entry.Path[(root.Path.Length + 1)..] + ".opens",
                    $"peer review opens {peerOpens:d MMM yyyy HH:mm}, before the draft is due ({draftDue:d MMM yyyy HH:mm})");
            }
            previous = ($"'{milestone.Name()}'", due);
        }
    }

    private static Dictionary<Milestone, ReminderRule> ReadReminders(
        JsonObjectReader root, Dictionary<Milestone, (MilestoneDefinition Definition, string Path)> milestones, HashSet<Milestone> named, List<Problem> problems)
    {
        var rules = new Dictionary<Milestone, ReminderRule>();
        foreach (var (item, path) in root.Array("reminders", required: false))
        {
            var reader = JsonObjectReader.For(item, path, problems);
            if (reader is null)
            {
                continue;
            }
            var milestone = ReadRuleMilestone(reader, milestones, named, rules.ContainsKey);
            var days = new List<int>();
            foreach (var (value, dayPath) in reader.Array("workingDaysBefore"))
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var day))
                {
                    problems.Add(new Problem(dayPath, "must be a whole number of working days"));
                }
                else if (day < 1 || day > MaxWorkingDays)
                {
                    problems.Add(new Problem(dayPath, day < 0
                        ? $"a reminder offset cannot be negative ({day}); offsets count working days before the due date"
                        : $"must be from 1 to {MaxWorkingDays} working days (use onDueDay for the day itself), not {day}"));
                }
                else if (days.Contains(day))
                {
                    problems.Add(new Problem(dayPath, $"{day} is listed twice"));
                }
                else
                {
                    days.Add(day);
                }
            }
            var onDueDay = reader.Bool("onDueDay") ?? false;
            reader.RejectUnknown();
            if (milestone is { } m)
            {
                rules[m] = new ReminderRule(m, [.. days.OrderDescending()], onDueDay);
            }
        }
        return rules;
    }

    private static Dictionary<Milestone, LadderRule> ReadLadder(
        JsonObjectReader root, Dictionary<Milestone, (MilestoneDefinition Definition, string Path)> milestones, HashSet<Milestone> named, List<Problem> problems)
    {
        var rules = new Dictionary<Milestone, LadderRule>();
        foreach (var (item, path) in root.Array("ladder", required: false))
        {
            var reader = JsonObjectReader.For(item, path, problems);
            if (reader is null)
            {
                continue;
            }
            var milestone = ReadRuleMilestone(reader, milestones, named, rules.ContainsKey);
            if (milestone is { } optional && milestones[optional].Definition.Optional)
            {
                reader.Fail("milestone", $"'{optional.Name()}' is optional, so it cannot be overdue or escalate");
            }
            var steps = new List<LadderStep>();
            foreach (var (value, stepPath) in reader.Array("steps"))
            {
                var step = JsonObjectReader.For(value, stepPath, problems);
                if (step is null)
                {
                    continue;
                }
                var after = step.Int("workingDaysAfter", min: 0, max: MaxWorkingDays);
                var levelName = step.String("level");
                step.RejectUnknown();
                var level = levelName switch
                {
                    "overdue" => LadderLevel.Overdue,
                    "region" => LadderLevel.Region,
                    "national" => LadderLevel.National,
                    null => LadderLevel.None,
                    _ => Unknown(step, levelName),
                };
                if (after is not { } days || level == LadderLevel.None)
                {
                    continue;
                }
                if (steps.Count > 0 && (days <= steps[^1].WorkingDaysAfter || level <= steps[^1].Level))
                {
                    step.Fail("workingDaysAfter", "each step must come later and go higher than the one before");
                    continue;
                }
                steps.Add(new LadderStep(days, level));
            }
            reader.RejectUnknown();
            if (milestone is { } m)
            {
                rules[m] = new LadderRule(m, [.. steps]);
            }
        }
        return rules;

        static LadderLevel Unknown(JsonObjectReader step, string name)
        {
            step.Fail("level", $"unknown level '{name}'; known: overdue, region, national");
            return LadderLevel.None;
        }
    }

    private static Milestone? ReadRuleMilestone(
        JsonObjectReader reader, Dictionary<Milestone, (MilestoneDefinition Definition, string Path)> milestones, HashSet<Milestone> named, Func<Milestone, bool> seen)
    {
        if (ReadMilestoneName(reader) is not { } milestone)
        {
            return null;
        }
        if (!milestones.ContainsKey(milestone))
        {
            // A milestone that is there but invalid has its own problem already; saying it is missing would mislead.
            if (!named.Contains(milestone))
            {
                reader.Fail("milestone", $"'{milestone.Name()}' is not among this round's milestones");
            }
            return null;
        }
        if (milestone == Milestone.NationalPlan)
        {
            reader.Fail("milestone", "the national implementation plan is the national team's own milestone; systems get no prompts for it");
            return null;
        }
        if (seen(milestone))
        {
            reader.Fail("milestone", $"'{milestone.Name()}' has a rule of this kind already");
            return null;
        }
        return milestone;
    }

    /// <summary>
    /// Holds for single systems, under <c>systems</c> keyed by system code. Whether each system is in the directory is
    /// for <see cref="RoundChecks.AgainstDirectory"/>: a round file is read without one.
    /// </summary>
    private static FrozenDictionary<SystemCode, FrozenDictionary<Milestone, MilestoneHold>> ReadSystems(
        JsonObjectReader root, Dictionary<Milestone, (MilestoneDefinition Definition, string Path)> milestones, HashSet<Milestone> named,
        WorkingCalendar calendar, List<Problem> problems, List<HoldSite> sites)
    {
        var found = new Dictionary<SystemCode, FrozenDictionary<Milestone, MilestoneHold>>();
        if (root.Object("systems", required: false) is not { } systems)
        {
            return found.ToFrozenDictionary();
        }
        foreach (var (name, value, path) in systems.Properties())
        {
            if (!SystemCode.IsWellFormed(name))
            {
                problems.Add(new Problem(path, $"'{name}' is not a system code (E54 and six digits)"));
                continue;
            }
            if (JsonObjectReader.For(value, path, problems) is not { } system)
            {
                continue;
            }
            var code = new SystemCode(name);
            var holds = new Dictionary<Milestone, MilestoneHold>();
            foreach (var (item, itemPath) in system.Array("holds"))
            {
                if (JsonObjectReader.For(item, itemPath, problems) is not { } reader)
                {
                    continue;
                }
                var milestone = ReadHeldMilestone(reader, milestones, named);
                var hold = HoldFields.Read(reader);
                reader.RejectUnknown();
                if (milestone is not { } held || hold is null)
                {
                    continue;
                }
                if (holds.ContainsKey(held))
                {
                    reader.Fail("milestone", $"'{held.Name()}' is held for {name} already");
                }
                else if (CheckWorkingDay(reader, HoldFields.NameOf(hold.Kind), hold.Date, calendar))
                {
                    holds[held] = hold;
                    sites.Add(new HoldSite(held, code, hold, reader.At(HoldFields.NameOf(hold.Kind))));
                }
            }
            system.RejectUnknown();
            if (holds.Count > 0)
            {
                found[code] = holds.ToFrozenDictionary();
            }
        }
        return found.ToFrozenDictionary();
    }

    /// <summary>The milestone a rule or hold names; null, with the problem said, when it names none or an unknown one.</summary>
    private static Milestone? ReadMilestoneName(JsonObjectReader reader)
    {
        var name = reader.String("milestone");
        if (name is null)
        {
            return null;
        }
        if (!Milestones.TryParse(name, out var milestone))
        {
            reader.Fail("milestone", $"unknown milestone '{name}'; known: {string.Join(", ", Milestones.AllNames)}");
            return null;
        }
        return milestone;
    }

    private static Milestone? ReadHeldMilestone(
        JsonObjectReader reader, Dictionary<Milestone, (MilestoneDefinition Definition, string Path)> milestones, HashSet<Milestone> named)
    {
        if (ReadMilestoneName(reader) is not { } milestone)
        {
            return null;
        }
        if (!milestone.IsRelative())
        {
            reader.Fail("milestone", HoldFields.NotHoldable(milestone));
            return null;
        }
        if (!milestones.ContainsKey(milestone))
        {
            // As for rules: a milestone that is there but invalid has its own problem already.
            if (!named.Contains(milestone))
            {
                reader.Fail("milestone", $"'{milestone.Name()}' is not among this round's milestones");
            }
            return null;
        }
        return milestone;
    }

    /// <summary>
    /// What a hold's date must agree with once the rest of the timetable is known: it falls within the round, and a
    /// fixed date comes after the milestone it follows can be done on time, or a system that keeps to every date
    /// would be late the moment the milestone opened.
    /// </summary>
    private static void CheckHolds(Round round, List<HoldSite> sites, List<Problem> problems)
    {
        var opens = DateOnly.FromDateTime(round.Definition.Opens);
        var latest = round.LatestCountedDue();
        foreach (var site in sites)
        {
            var date = site.Hold.Date;
            if (date < opens)
            {
                problems.Add(new Problem(site.DatePath, $"{date:ddd d MMM yyyy} is outside the round: it comes before the round opens ({opens:ddd d MMM yyyy})"));
            }
            else if (date > latest)
            {
                problems.Add(new Problem(site.DatePath,
                    $"{date:ddd d MMM yyyy} is outside the round: its relative deadlines fall due no later than {latest:ddd d MMM yyyy}, even with every window before them used to its end"));
            }
            else if (site.Hold.Kind == HoldKind.Fixed && Follows(round, site.Milestone, site.System) is var (what, due)
                && round.HeldDue(site.Milestone, site.Hold) is var held && held <= due)
            {
                problems.Add(new Problem(site.DatePath,
                    $"'{site.Milestone.Name()}' is fixed to {Local(round, held)}, before it could be done on time: it follows {what} {Local(round, due)}"));
            }
        }

        static string Local(Round round, DateTimeOffset instant) => round.Calendar.ToLocal(instant).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>The milestone a relative one follows, in words, and the latest it can be done by a system that keeps to the timetable.</summary>
    private static (string What, DateTimeOffset Due)? Follows(Round round, Milestone milestone, SystemCode? system)
    {
        var finalDue = round.Has(Milestone.Final) ? round.FixedDue(Milestone.Final) : (DateTimeOffset?)null;
        return milestone switch
        {
            Milestone.FootprintAcknowledgement when round.Has(Milestone.Footprint) =>
                ("a footprint change notice, which may be given on time up to", round.FixedDue(Milestone.Footprint)),
            Milestone.Agreement when finalDue is { } final => ("the final plan, which is due", final),
            Milestone.Resubmission when finalDue is { } final =>
                ("a request for changes, which for a final plan sent in on its due date may come as late as", round.RelativeDue(Milestone.Agreement, final, system)),
            Milestone.Publication when finalDue is { } final =>
                ("agreement, which for a final plan sent in on its due date may come as late as", round.RelativeDue(Milestone.Agreement, final, system)),
            _ => null,
        };
    }

    /// <summary>Relative deadlines can run past the calendar's data; the round still loads, with a warning.</summary>
    private static ImmutableArray<Problem> CoverageWarnings(Round round)
    {
        var latest = round.LatestPossibleDate();
        return round.Calendar.Covers(latest)
            ? []
            : [new Problem("$.milestones", $"relative deadlines can fall as late as {latest:d MMM yyyy}, past the calendar's bank holidays (to {round.Calendar.LastYear}); after that only weekends are skipped")];
    }
}
