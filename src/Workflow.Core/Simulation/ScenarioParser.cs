using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Simulation;

/// <summary>Reads a scenario file against a round and a directory, listing every problem with its JSON path.</summary>
public static class ScenarioParser
{
    private static readonly TimeOnly Noon = new(12, 0);

    public static Loaded<Scenario> Parse(string json, Round round, SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(directory);
        var problems = new List<Problem>();
        try
        {
            using var document = JsonDocument.Parse(json, JsonFiles.Options);
            var scenario = Read(document.RootElement, round, directory, problems);
            return scenario is not null && problems.Count == 0
                ? Loaded.Success(scenario, [])
                : Loaded.Failure<Scenario>(problems);
        }
        catch (JsonException ex)
        {
            return Loaded.Failure<Scenario>([new Problem(JsonPaths.FromException(ex), "the file is not valid JSON: " + ex.Message)]);
        }
    }

    private static Scenario? Read(JsonElement root, Round round, SystemDirectory directory, List<Problem> problems)
    {
        var reader = JsonObjectReader.For(root, "$", problems);
        if (reader is null)
        {
            return null;
        }
        var roundId = reader.String("round");
        if (roundId is not null && roundId != round.Id.Value)
        {
            reader.Fail("round", $"the scenario is for round '{roundId}', but round '{round.Id}' is loaded");
        }
        var title = reader.String("title");
        DateTime? pairing = null;
        if (reader.Has("peerPairing") && root.TryGetProperty("peerPairing", out var pairingElement)
            && JsonObjectReader.For(pairingElement, reader.At("peerPairing"), problems) is { } pairingReader)
        {
            pairing = pairingReader.LocalDateTime("at");
            pairingReader.RejectUnknown();
            if (!round.Has(Milestone.PeerReview))
            {
                reader.Fail("peerPairing", "the round has no peer review");
            }
        }

        // Every suspension a system can have, so that each new one is checked against those it would be in force with.
        var roundWide = new List<Listed>();
        var suspensions = reader.Has("suspensions") ? ReadSuspensions(reader, "the round-wide suspension", roundWide, problems) : [];

        var defaults = new SystemBehaviour();
        var withDefaults = new List<Listed>(roundWide);
        if (reader.Has("defaults") && root.TryGetProperty("defaults", out var defaultsElement))
        {
            defaults = ReadBehaviour(defaultsElement, reader.At("defaults"), defaults, "the defaults' suspension", withDefaults, problems);
        }

        var systems = new Dictionary<SystemCode, SystemBehaviour>();
        if (reader.Has("systems") && root.TryGetProperty("systems", out var systemsElement))
        {
            if (systemsElement.ValueKind != JsonValueKind.Object)
            {
                reader.Fail("systems", "must be an object keyed by system code");
            }
            else
            {
                foreach (var property in systemsElement.EnumerateObject())
                {
                    var path = $"{reader.At("systems")}.{property.Name}";
                    var code = new SystemCode(property.Name);
                    if (!directory.TryGetSystem(code, out _))
                    {
                        problems.Add(new Problem(path, $"unknown system '{property.Name}'"));
                        continue;
                    }
                    systems[code] = ReadBehaviour(property.Value, path, defaults, "this system's suspension", [.. withDefaults], problems);
                }
            }
        }

        var changes = ImmutableArray.CreateBuilder<ScriptedTimetableChange>();
        foreach (var (item, path) in reader.Array("timetableChanges", required: false))
        {
            if (ReadChange(item, path, round, directory, problems) is { } change)
            {
                changes.Add(change);
            }
        }
        reader.RejectUnknown();
        return title is null
            ? null
            : new Scenario(round.Id, title, defaults, systems.ToFrozenDictionary(), pairing, [.. changes.OrderBy(c => c.At)])
            {
                Suspensions = [.. suspensions.OrderBy(x => x.From)],
            };
    }

    /// <summary>A suspension read, where it was written, and whose it is, for saying what a new one overlaps.</summary>
    private sealed record Listed(ScriptedSuspension Suspension, string Path, string Whose);

    /// <summary>
    /// One behaviour, starting from <paramref name="behaviour"/>. Its suspensions add to those it starts with, and each
    /// must not overlap any of <paramref name="suspensions"/> (the round's, the defaults') or the others it lists.
    /// </summary>
    private static SystemBehaviour ReadBehaviour(
        JsonElement element, string path, SystemBehaviour behaviour, string whose, List<Listed> suspensions, List<Problem> problems)
    {
        var reader = JsonObjectReader.For(element, path, problems);
        if (reader is null)
        {
            return behaviour;
        }
        behaviour = behaviour with
        {
            Draft = ReadTiming(reader, element, "draft") ?? behaviour.Draft,
            PeerFeedback = ReadTiming(reader, element, "peerFeedback") ?? behaviour.PeerFeedback,
            Final = ReadTiming(reader, element, "final") ?? behaviour.Final,
            Resubmission = ReadTiming(reader, element, "resubmission") ?? behaviour.Resubmission,
            Publication = ReadTiming(reader, element, "publication") ?? behaviour.Publication,
        };
        if (reader.Has("regionalFeedback"))
        {
            behaviour = behaviour with { RegionalFeedback = ReadAfter(reader, element.GetProperty("regionalFeedback"), "regionalFeedback", "workingDaysAfterDraft", problems) };
        }
        if (reader.Has("decisions"))
        {
            var decisions = new List<ScriptedDecision>();
            JsonObjectReader? lastSendsBack = null;
            foreach (var (item, itemPath) in reader.Array("decisions"))
            {
                lastSendsBack = null;
                if (JsonObjectReader.For(item, itemPath, problems) is not { } decision)
                {
                    continue;
                }
                var outcome = decision.String("outcome");
                var comment = decision.String("comment", required: false) ?? "";
                Outcome? parsed = outcome switch
                {
                    "agreed" => Outcome.Agreed,
                    "changes-requested" => Outcome.ChangesRequested,
                    _ => null,
                };
                if (outcome is not null and not "agreed" and not "changes-requested" and not "none")
                {
                    decision.Fail("outcome", $"unknown outcome '{outcome}'; known: agreed, changes-requested, none (the director never decides)");
                }
                if (parsed == Outcome.ChangesRequested)
                {
                    lastSendsBack = decision;
                    if (comment.Length == 0)
                    {
                        comment = "Please strengthen the workforce and finance sections.";
                    }
                }
                var after = ReadAfterFields(decision, "workingDaysAfterSubmission");
                decision.RejectUnknown();
                if (after is not null)
                {
                    decisions.Add(new ScriptedDecision(parsed, after, comment));
                }
            }
            // The last decision stands for every later plan version, so asking for changes there sends the plan back for ever.
            lastSendsBack?.Fail("outcome", "the last decision repeats for every later plan version, so it must be 'agreed' or 'none', not 'changes-requested'");
            if (decisions.Count == 0)
            {
                reader.Fail("decisions", "needs at least one decision");
            }
            else
            {
                behaviour = behaviour with { Decisions = [.. decisions] };
            }
        }
        if (reader.Has("footprintNotices"))
        {
            behaviour = behaviour with { FootprintNotices = [.. ReadNotices(reader, problems)] };
        }
        if (reader.Has("extensions"))
        {
            behaviour = behaviour with { Extensions = [.. ReadExtensions(reader, problems)] };
        }
        if (reader.Has("suspensions"))
        {
            behaviour = behaviour with { Suspensions = behaviour.Suspensions.AddRange(ReadSuspensions(reader, whose, suspensions, problems)) };
        }
        if (reader.Has("withdrawal") && JsonObjectReader.For(element.GetProperty("withdrawal"), reader.At("withdrawal"), problems) is { } withdrawal)
        {
            var at = withdrawal.LocalDateTime("at");
            var reason = withdrawal.String("reason");
            withdrawal.RejectUnknown();
            if (at is { } when && reason is not null)
            {
                behaviour = behaviour with { Withdrawal = (when, reason) };
            }
        }
        reader.RejectUnknown();
        return behaviour;

        Timing? ReadTiming(JsonObjectReader owner, JsonElement parent, string name)
        {
            if (!owner.Has(name))
            {
                return null;
            }
            var value = parent.GetProperty(name);
            if (value.ValueKind == JsonValueKind.String && value.GetString() == "never")
            {
                return new Never();
            }
            if (JsonObjectReader.For(value, owner.At(name), problems) is not { } timing)
            {
                return null;
            }
            Timing? result = null;
            if (timing.Has("at"))
            {
                result = timing.LocalDateTime("at") is { } at ? new AtTime(at) : null;
            }
            else if (timing.Int("workingDaysFromDue", min: -60, max: 60) is { } days)
            {
                result = new FromDue(days, (timing.Has("time") ? timing.Time("time") : null) ?? Noon);
            }
            timing.Has("time");
            timing.RejectUnknown();
            return result;
        }
    }

    private static AfterEvent? ReadAfter(JsonObjectReader owner, JsonElement element, string name, string daysName, List<Problem> problems) =>
        JsonObjectReader.For(element, owner.At(name), problems) is { } reader ? ReadAfterFields(reader, daysName, reject: true) : null;

    private static AfterEvent? ReadAfterFields(JsonObjectReader reader, string daysName, bool reject = false)
    {
        var days = reader.Int(daysName, min: 0, max: 60);
        var time = (reader.Has("time") ? reader.Time("time") : null) ?? Noon;
        if (reject)
        {
            reader.RejectUnknown();
        }
        return days is { } d ? new AfterEvent(d, time) : null;
    }

    private static IEnumerable<ScriptedFootprintNotice> ReadNotices(JsonObjectReader owner, List<Problem> problems)
    {
        foreach (var (item, path) in owner.Array("footprintNotices"))
        {
            if (JsonObjectReader.For(item, path, problems) is not { } reader)
            {
                continue;
            }
            var at = reader.LocalDateTime("at");
            var source = reader.String("source");
            var from = reader.String("from");
            var summary = reader.String("summary");
            AfterEvent? acknowledged = null;
            if (reader.Has("acknowledgedAfterWorkingDays"))
            {
                var days = reader.Int("acknowledgedAfterWorkingDays", min: 0, max: 60);
                acknowledged = days is { } d ? new AfterEvent(d, new TimeOnly(11, 0)) : null;
            }
            reader.RejectUnknown();
            NoticeSource? parsed = source switch
            {
                "system" => NoticeSource.System,
                "local-authority" => NoticeSource.LocalAuthority,
                _ => null,
            };
            if (source is not null && parsed is null)
            {
                reader.Fail("source", $"unknown source '{source}'; known: system, local-authority");
            }
            if (at is { } when && parsed is { } s && from is not null && summary is not null)
            {
                yield return new ScriptedFootprintNotice(when, s, from, summary, acknowledged);
            }
        }
    }

    private static IEnumerable<ScriptedExtension> ReadExtensions(JsonObjectReader owner, List<Problem> problems)
    {
        foreach (var (item, path) in owner.Array("extensions"))
        {
            if (JsonObjectReader.For(item, path, problems) is not { } reader)
            {
                continue;
            }
            var milestoneName = reader.String("milestone");
            var grantedAt = reader.LocalDateTime("grantedAt");
            var newDue = reader.LocalDateTime("newDue");
            var reason = reader.String("reason");
            var grantedBy = reader.String("grantedBy");
            reader.RejectUnknown();
            if (milestoneName is not null && !Milestones.TryParse(milestoneName, out _))
            {
                reader.Fail("milestone", $"unknown milestone '{milestoneName}'");
            }
            else if (milestoneName is not null && Milestones.TryParse(milestoneName, out var milestone)
                && grantedAt is { } at && newDue is { } due && reason is not null && grantedBy is not null)
            {
                yield return new ScriptedExtension(at, milestone, due, reason, grantedBy);
            }
        }
    }

    /// <summary>
    /// The suspensions <paramref name="owner"/> lists, each added to <paramref name="known"/>. One that overlaps a known
    /// one is a problem: an instance suspended already refuses a second suspension, and the first one's end would
    /// resume it in the middle of the second.
    /// </summary>
    private static ImmutableArray<ScriptedSuspension> ReadSuspensions(JsonObjectReader owner, string whose, List<Listed> known, List<Problem> problems)
    {
        var read = ImmutableArray.CreateBuilder<ScriptedSuspension>();
        foreach (var (item, path) in owner.Array("suspensions"))
        {
            if (JsonObjectReader.For(item, path, problems) is not { } reader)
            {
                continue;
            }
            var from = reader.LocalDateTime("from");
            var to = reader.LocalDateTime("to", required: false);
            var reason = reader.String("reason");
            reader.RejectUnknown();
            if (from is not { } start)
            {
                continue;
            }
            if (to is { } end && end <= start)
            {
                reader.Fail("to", "a suspension must end after it starts");
                continue;
            }
            if (reason is null)
            {
                continue;
            }
            var suspension = new ScriptedSuspension(start, to, reason);
            if (known.FirstOrDefault(k => k.Suspension.Overlaps(suspension)) is { } clash)
            {
                problems.Add(new Problem(path, $"overlaps {clash.Whose} at {clash.Path} ({Span(clash.Suspension)}); a system can be suspended only once at a time"));
                continue;
            }
            known.Add(new Listed(suspension, path, whose));
            read.Add(suspension);
        }
        return read.ToImmutable();

        static string Span(ScriptedSuspension s) =>
            $"from {Local(s.From)} {(s.To is { } end ? $"to {Local(end)}" : "with no end")}";

        static string Local(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ScriptedTimetableChange? ReadChange(JsonElement item, string path, Round round, SystemDirectory directory, List<Problem> problems)
    {
        if (JsonObjectReader.For(item, path, problems) is not { } reader)
        {
            return null;
        }
        var at = reader.LocalDateTime("at");
        // A change may only hold milestones, but one that names neither is a slip, reported as a missing "due" as before.
        var due = new Dictionary<Milestone, DateTime>();
        foreach (var (entry, entryPath) in reader.Array("due", required: !reader.Has("holds")))
        {
            if (JsonObjectReader.For(entry, entryPath, problems) is not { } moved)
            {
                continue;
            }
            var name = moved.String("milestone");
            var when = moved.LocalDateTime("due");
            moved.RejectUnknown();
            if (name is null || when is null)
            {
                continue;
            }
            if (!Milestones.TryParse(name, out var milestone) || !round.Has(milestone) || milestone.IsRelative())
            {
                moved.Fail("milestone", $"'{name}' is not a fixed milestone of round {round.Id}");
            }
            else
            {
                due[milestone] = when.Value;
            }
        }
        var holds = ReadHolds(reader, round, directory, problems);
        reader.RejectUnknown();
        return at is { } time && (due.Count > 0 || holds.Length > 0)
            ? new ScriptedTimetableChange(time, due.ToFrozenDictionary()) { Holds = holds }
            : null;
    }

    /// <summary>
    /// The holds of one change. Their dates are checked against the timetable when the change is made into a round
    /// version (<see cref="Simulator.Timetables"/>), exactly as a round file's are.
    /// </summary>
    private static ImmutableArray<ScriptedHold> ReadHolds(JsonObjectReader change, Round round, SystemDirectory directory, List<Problem> problems)
    {
        var holds = ImmutableArray.CreateBuilder<ScriptedHold>();
        foreach (var (entry, entryPath) in change.Array("holds", required: false))
        {
            if (JsonObjectReader.For(entry, entryPath, problems) is not { } reader)
            {
                continue;
            }
            var name = reader.String("milestone");
            var systemName = reader.String("system", required: false);
            var hold = HoldFields.Read(reader);
            reader.RejectUnknown();
            Milestone? milestone = null;
            if (name is not null)
            {
                if (!Milestones.TryParse(name, out var parsed) || !round.Has(parsed))
                {
                    reader.Fail("milestone", $"'{name}' is not a milestone of round {round.Id}");
                }
                else if (!parsed.IsRelative())
                {
                    reader.Fail("milestone", HoldFields.NotHoldable(parsed));
                }
                else
                {
                    milestone = parsed;
                }
            }
            SystemCode? system = systemName is null ? null : new SystemCode(systemName);
            if (system is { } code && !directory.TryGetSystem(code, out _))
            {
                reader.Fail("system", $"unknown system '{systemName}'");
                continue;
            }
            if (milestone is not { } held || hold is null)
            {
                continue;
            }
            if (holds.Any(h => h.Milestone == held && h.System == system))
            {
                reader.Fail("milestone", $"'{held.Name()}' is held twice{(system is { } twice ? $" for {twice}" : "")} in this change");
                continue;
            }
            holds.Add(new ScriptedHold(held, system, hold));
        }
        return holds.ToImmutable();
    }
}
