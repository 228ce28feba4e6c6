using Workflow.Core.Directory;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

/// <summary>What a link lets one person do.</summary>
public enum LinkAction
{
    /// <summary>A PMO sees the system's page and submits what is due.</summary>
    Submit,

    /// <summary>A regional director (or deputy) agrees a plan version or asks for changes.</summary>
    Decide,

    /// <summary>A regional director acknowledges a footprint change notice.</summary>
    Acknowledge,

    /// <summary>The peer system's PMO returns peer-review feedback.</summary>
    PeerFeedback,

    /// <summary>A regional director (or deputy) gives the region's feedback on a system's draft plan.</summary>
    RegionalFeedback,
}

/// <summary>The action a message's link offers, on which plan version (or notice number).</summary>
public readonly record struct ActionLink(LinkAction Action, int Version);

public enum LinkUse
{
    Refused,
    Allowed,

    /// <summary>A deputy director acts for the region only while the director's delegation to them is active.</summary>
    WhileDelegated,
}

/// <summary>Who gets a link to act in which message, and who may use a link for which action.</summary>
public static class LinkRules
{
    /// <summary>
    /// The link a recipient of <paramref name="command"/> in <paramref name="role"/> gets, or null: the person who
    /// must act gets one; people copied for information get none, but the director copied on a draft's receipt,
    /// who is asked for the region's feedback on it.
    /// </summary>
    public static ActionLink? For(Command command, Role role, bool copied)
    {
        ArgumentNullException.ThrowIfNull(command);
        return (command.Kind, role) switch
        {
            // A new link carries the link it was asked for, which the command alone cannot say.
            (MessageKind.NewLink, _) => null,
            (MessageKind.SubmissionReceived, Role.RegionalDirector) when command.Milestone == Milestone.Draft => new(LinkAction.RegionalFeedback, 0),
            _ when copied => null,
            (MessageKind.ApprovalRequest, Role.RegionalDirector) => new(LinkAction.Decide, command.PlanVersion),
            (MessageKind.Reminder or MessageKind.DueToday or MessageKind.Overdue, Role.RegionalDirector) when command.Milestone == Milestone.Agreement
                => new(LinkAction.Decide, command.PlanVersion),
            (MessageKind.FootprintNoticeReceived, Role.RegionalDirector) => new(LinkAction.Acknowledge, command.Cycle),
            (MessageKind.Reminder or MessageKind.DueToday or MessageKind.Overdue, Role.RegionalDirector) when command.Milestone == Milestone.FootprintAcknowledgement
                => new(LinkAction.Acknowledge, command.Cycle),
            (_, Role.PeerPmo) => new(LinkAction.PeerFeedback, 0),
            (_, Role.Pmo) => new(LinkAction.Submit, command.PlanVersion),
            _ => null,
        };
    }

    /// <summary>
    /// Whether <paramref name="person"/> may use a link for <paramref name="action"/> on the instance: the system's PMO
    /// submits, the peer's PMO gives peer feedback, and the region's director (or a deputy they delegated to) does the rest.
    /// </summary>
    public static LinkUse MayUse(LinkAction action, InstanceState state, Contact person)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(person);
        return action switch
        {
            LinkAction.Submit => person.Role == ContactRole.Pmo && person.Scope == state.Id.System.Value ? LinkUse.Allowed : LinkUse.Refused,
            LinkAction.PeerFeedback => person.Role == ContactRole.Pmo && state.Peer is { } peer && person.Scope == peer.Value ? LinkUse.Allowed : LinkUse.Refused,
            _ when person.Scope != state.Region.Value => LinkUse.Refused,
            _ => person.Role switch
            {
                ContactRole.RegionalDirector => LinkUse.Allowed,
                ContactRole.DeputyDirector => LinkUse.WhileDelegated,
                _ => LinkUse.Refused,
            },
        };
    }

    /// <summary>
    /// The link <paramref name="person"/> would need to act on the instance now, or null when nothing is theirs to do:
    /// the system's PMO submits while something is due from the system; the peer's PMO gives peer feedback once the draft
    /// is in and until feedback is recorded; the region's director, or a deputy, decides on a plan version that awaits a
    /// decision, else acknowledges the oldest notice not yet acknowledged, else gives the region's feedback on the draft
    /// until the final plan is in. A deputy's link is <see cref="LinkUse.WhileDelegated"/>, as <see cref="MayUse"/> says.
    /// </summary>
    public static ActionLink? Now(InstanceState state, Contact person)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(person);
        if (state.WithdrawnAt is not null)
        {
            return null;
        }
        var unacknowledged = state.FootprintNotices.FirstOrDefault(n => n.AcknowledgedAt is null);
        ActionLink? link = person.Role switch
        {
            ContactRole.Pmo when person.Scope == state.Id.System.Value => Progress.DueNow(state) is null ? null : new(LinkAction.Submit, state.PlanVersion),
            ContactRole.Pmo => state.IsDone(Milestone.Draft) && !state.IsDone(Milestone.PeerReview) ? new(LinkAction.PeerFeedback, 0) : null,
            ContactRole.RegionalDirector or ContactRole.DeputyDirector when state.AwaitsDecision => new(LinkAction.Decide, state.PlanVersion),
            ContactRole.RegionalDirector or ContactRole.DeputyDirector when unacknowledged is not null => new(LinkAction.Acknowledge, unacknowledged.Number),
            ContactRole.RegionalDirector or ContactRole.DeputyDirector when state.IsDone(Milestone.Draft) && !state.IsDone(Milestone.Final)
                => new(LinkAction.RegionalFeedback, 0),
            _ => null,
        };
        return link is { } found && MayUse(found.Action, state, person) != LinkUse.Refused ? found : null;
    }

    /// <summary>
    /// Everyone with something to do on the instance now, each address once, with the link they would need
    /// (<see cref="Now"/>): of those who may ever hold one, its PMOs, its peer's, and its region's director and deputies.
    /// </summary>
    public static IEnumerable<(Contact Person, ActionLink Link)> Holders(InstanceState state, SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(directory);
        return directory.Resolve(Role.Pmo, state.Id.System)
            .Concat(directory.Resolve(Role.PeerPmo, state.Id.System, state.Peer))
            .Concat(directory.Resolve(Role.RegionalDirector, state.Id.System))
            .Concat(directory.Deputies(state.Region))
            .DistinctBy(c => c.Email, StringComparer.OrdinalIgnoreCase)
            .SelectMany(c => Now(state, c) is { } link ? [(c, link)] : Array.Empty<(Contact, ActionLink)>());
    }
}
