using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

/// <summary>
/// One occurrence of a milestone. Milestones that can recur count their cycles from 1: agreement by plan
/// version, resubmission by request for changes, footprint acknowledgement by notice. The rest use cycle 0.
/// </summary>
public readonly record struct MilestoneKey(Milestone Milestone, int Cycle)
{
    public override string ToString() => Cycle == 0 ? Milestone.Name() : $"{Milestone.Name()}#{Cycle}";
}

/// <summary>A footprint change notice as given: its number, when, by whom, what changes, and when the director acknowledged it.</summary>
public sealed record FootprintNotice(int Number, DateTimeOffset At, NoticeSource Source, string From, DateTimeOffset? AcknowledgedAt, string? Summary = null);

/// <summary>
/// A message owed because something happened; issued at the next decision. <paramref name="Detail"/> is what the people
/// said; <paramref name="Before"/>, for a change of dates, the dates as they were, so the message can say what moved.
/// </summary>
public sealed record Notice(string Id, DateTimeOffset At, MessageKind Kind, MilestoneKey? Key, int PlanVersion, string? Detail = null, IReadOnlyList<DueDate>? Before = null);

/// <summary>When one milestone occurrence is due.</summary>
public sealed record DueDate(MilestoneKey Key, DateTimeOffset Due);

/// <summary>A due date that moved for one system: the milestone (with its title in the round), from when, to when.</summary>
public sealed record DateMove(MilestoneKey Key, string Title, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// A time the instance was suspended, from <paramref name="From"/> until it resumed (null while it still is). Due dates
/// set before it began, and not met by then, move on by the working days it covered: see <see cref="Timetable.Due"/>.
/// </summary>
public sealed record Pause(DateTimeOffset From, string By, string Reason, DateTimeOffset? Until = null);

/// <summary>A command whose message failed for good, kept whole so that a resend can owe it again unchanged.</summary>
public sealed record UndeliveredCommand(Command Command, DateTimeOffset FailedAt, string Reason);

public enum Stage
{
    Drafting,
    FinalDue,
    AwaitingAgreement,
    ChangesRequested,
    Agreed,
    Published,
    Withdrawn,
}

/// <summary>Where one system stands in one round: the fold of its events, nothing more.</summary>
public sealed record InstanceState
{
    private readonly ImmutableList<Pause>? _pauses;

    public required InstanceId Id { get; init; }

    public required RegionCode Region { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How many events have been applied; the host's optimistic-concurrency version.</summary>
    public int Version { get; init; }

    public int RoundVersion { get; init; } = 1;

    /// <summary>How many times the instance has been restarted.</summary>
    public int Generation { get; init; }

    /// <summary>When each milestone occurrence was met: submitted, decided, acknowledged or published.</summary>
    public ImmutableDictionary<MilestoneKey, DateTimeOffset> Completed { get; init; } = ImmutableDictionary<MilestoneKey, DateTimeOffset>.Empty;

    /// <summary>When each version of the final plan was submitted; version n is at index n − 1.</summary>
    public ImmutableList<DateTimeOffset> PlanSubmissions { get; init; } = [];

    public ImmutableList<DecisionRecorded> Decisions { get; init; } = [];

    public ImmutableList<FootprintNotice> FootprintNotices { get; init; } = [];

    public int RegionalFeedbackCount { get; init; }

    public SystemCode? Peer { get; init; }

    public DateTimeOffset? PeerPairedAt { get; init; }

    /// <summary>Due dates moved for this system alone (local time), by milestone occurrence.</summary>
    public ImmutableDictionary<MilestoneKey, DateTime> Extensions { get; init; } = ImmutableDictionary<MilestoneKey, DateTime>.Empty;

    public int ExtensionCount { get; init; }

    /// <summary>When each occurrence's due date was last moved for this system.</summary>
    public ImmutableDictionary<MilestoneKey, DateTimeOffset> ExtendedAt { get; init; } = ImmutableDictionary<MilestoneKey, DateTimeOffset>.Empty;

    /// <summary>When the instance last moved to a changed round timetable.</summary>
    public DateTimeOffset? TimetableChangedAt { get; init; }

    /// <summary>The highest ladder step issued for each milestone occurrence.</summary>
    public ImmutableDictionary<MilestoneKey, LadderLevel> Escalations { get; init; } = ImmutableDictionary<MilestoneKey, LadderLevel>.Empty;

    public ImmutableList<Notice> Pending { get; init; } = [];

    public ImmutableHashSet<string> Issued { get; init; } = ImmutableHashSet<string>.Empty;

    /// <summary>Issued commands whose message did not reach everyone, by command id, with why; a resend owes them again.</summary>
    public ImmutableDictionary<string, UndeliveredCommand> Undelivered { get; init; } = ImmutableDictionary<string, UndeliveredCommand>.Empty;

    public bool IsSuspended { get; init; }

    /// <summary>Every suspension, in order; the last one is open while the instance is suspended.</summary>
    public ImmutableList<Pause> Pauses
    {
        get => _pauses ?? [];

        // A state written before suspensions were kept has none, and is read with none.
        init => _pauses = value;
    }


    /// <summary>When the instance last resumed: prompts from before then belong to before the suspension and are not sent.</summary>
    [JsonIgnore]
    public DateTimeOffset? ResumedAt => Pauses.IsEmpty ? null : Pauses[^1].Until;

    public DateTimeOffset? WithdrawnAt { get; init; }

    public Uri? PublishedUrl { get; init; }

    [JsonIgnore]
    public int PlanVersion => PlanSubmissions.Count;

    [JsonIgnore]
    public DecisionRecorded? LastDecision => Decisions.IsEmpty ? null : Decisions[^1];

    [JsonIgnore]
    public int ChangesRequestedCount => Decisions.Count(d => d.Outcome == Outcome.ChangesRequested);

    public bool IsDone(Milestone milestone, int cycle = 0) => Completed.ContainsKey(new MilestoneKey(milestone, cycle));

    [JsonIgnore]
    public bool IsAgreed => LastDecision is { Outcome: Outcome.Agreed };

    /// <summary>True while the current plan version waits for the regional director.</summary>
    [JsonIgnore]
    public bool AwaitsDecision => PlanVersion > 0 && (LastDecision?.PlanVersion ?? 0) < PlanVersion;

    [JsonIgnore]
    public Stage Stage =>
        WithdrawnAt is not null ? Stage.Withdrawn
        : PublishedUrl is not null ? Stage.Published
        : IsAgreed ? Stage.Agreed
        : AwaitsDecision ? Stage.AwaitingAgreement
        : PlanVersion > 0 ? Stage.ChangesRequested
        : IsDone(Milestone.Draft) ? Stage.FinalDue
        : Stage.Drafting;

    /// <summary>The occurrence of <paramref name="milestone"/> that is current now (for recurring milestones, the latest).</summary>
    public MilestoneKey CurrentKey(Milestone milestone) => milestone switch
    {
        Milestone.Agreement => new(milestone, PlanVersion),
        Milestone.Resubmission => new(milestone, ChangesRequestedCount),
        Milestone.FootprintAcknowledgement => new(milestone, FootprintNotices.Count),
        _ => new(milestone, 0),
    };
}
