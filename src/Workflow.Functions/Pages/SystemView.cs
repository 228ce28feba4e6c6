using System.Collections.Immutable;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Storage.Deliveries;

namespace Workflow.Functions.Pages;

/// <summary>A plan sent in: which milestone it met, when, by whom, and the document it named.</summary>
public sealed record PlanRow(Milestone Milestone, DateTimeOffset At, string By, string? Document);

/// <summary>A message the instance sent, to whom, and what the delivery store knows of each copy.</summary>
public sealed record MessageRow(Command Command, ImmutableArray<string> Recipients, MessageDelivery Delivery, ImmutableArray<CopyDelivery> Copies)
{
    /// <summary>What the mail service last said of the copy sent to <paramref name="email"/>, if anything.</summary>
    public MailStatus? StatusOf(string email) => Copies.FirstOrDefault(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase))?.Status;
}

public enum MessageDelivery
{
    Sent,

    /// <summary>The mail service said every copy sent reached its inbox.</summary>
    Delivered,
    Pending,
    Failed,
}

/// <summary>Someone who has something to do on the instance now, and the link that would let them do it.</summary>
public sealed record Linkable(Contact Person, ActionLink Link);

/// <summary>
/// Everything a system's page shows, worked out before rendering: who the system is, its milestones, plans, decisions,
/// every message and the next prompts due if nobody acts.
/// </summary>
public sealed record SystemView(
    Round Round,
    SystemEntry System,
    RegionEntry Region,
    ImmutableArray<Contact> Pmos,
    ImmutableArray<Contact> Directors,
    InstanceState State,
    ImmutableArray<TimelineEntry> Timeline,
    ImmutableArray<PlanRow> Plans,
    ImmutableArray<MessageRow> Messages,
    ImmutableArray<Command> Coming,
    ImmutableArray<Linkable> Linkable)
{
    /// <summary>How many of the messages still to come the page lists: enough to see what is next without the whole forecast.</summary>
    public const int ComingShown = 4;

    public static SystemView Of(
        InstanceState state, Round round, SystemDirectory directory, IReadOnlyList<JournalEntry> history,
        ILookup<string, CopyDelivery> deliveries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(deliveries);
        var code = state.Id.System;
        directory.TryGetSystem(code, out var system);
        var applied = history.Where(e => e.Refusal is null).Select(e => e.Event).ToList();
        return new SystemView(
            round, system, directory.Region(system.Region),
            [.. directory.Resolve(Role.Pmo, code)],
            [.. directory.Resolve(Role.RegionalDirector, code)],
            state,
            Matrix.Timeline(state, round, now),
            [.. applied.OfType<PlanSubmitted>().Select(p => new PlanRow(p.Milestone, p.At, p.By, p.Reference))],
            [.. applied.OfType<CommandIssued>().Select(i => Message(i.Command, state, directory, deliveries))],
            [.. Forecast.For(state, round, now, Forecast.Until(round, now, Forecast.DefaultHorizon), Assumption.NobodyActs).Sends.Take(ComingShown)],
            [.. LinkRules.Holders(state, directory).Select(h => new Linkable(h.Person, h.Link))]);
    }

    /// <summary>Failed while the instance still lists it as undelivered: a resend that reached everyone clears it.</summary>
    private static MessageRow Message(Command command, InstanceState state, SystemDirectory directory, ILookup<string, CopyDelivery> deliveries)
    {
        var sent = deliveries[command.Id].ToImmutableArray();
        var delivery = state.Undelivered.ContainsKey(command.Id) ? MessageDelivery.Failed
            : sent.IsEmpty ? MessageDelivery.Pending
            : sent.All(c => c.Status == MailStatus.Delivered) ? MessageDelivery.Delivered
            : MessageDelivery.Sent;
        var recipients = command.To.Concat(command.Copy)
            .SelectMany(role => directory.Resolve(role, state.Id.System, state.Peer))
            .Select(c => c.Email).Distinct(StringComparer.OrdinalIgnoreCase).ToImmutableArray();
        return new MessageRow(command, recipients, delivery, sent);
    }
}
