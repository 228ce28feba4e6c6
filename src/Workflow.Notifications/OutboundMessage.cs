using System.Collections.Immutable;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Notifications;

public sealed record Recipient(Role Role, string Name, string Email);

/// <summary>The link a new-link message carries for whoever it is addressed to: the action, its plan version (or notice) and when it expires.</summary>
public sealed record GrantedLink(LinkAction Action, int Version, DateTimeOffset Expires);

/// <summary>
/// A message ready to send: the command that asked for it, with its recipients resolved when it was committed,
/// so sending needs no further look-ups and a retry sends exactly the same thing.
/// </summary>
public sealed record OutboundMessage(
    InstanceId Instance,
    string SystemName,
    string RegionName,
    string RoundTitle,
    Command Command,
    ImmutableArray<Recipient> To,
    ImmutableArray<Recipient> Copy)
{
    /// <summary>The title of the milestone the message is about, as the round file gives it.</summary>
    public string? MilestoneTitle { get; init; }

    /// <summary>The peer system's name, for peer-review messages.</summary>
    public string? PeerName { get; init; }

    /// <summary>Whom to ask about the message: the regional director for a system, the national team for a director.</summary>
    public ImmutableArray<Recipient> Contacts { get; init; } = [];

    /// <summary>For a <see cref="MessageKind.NewLink"/> message, the link it was asked to carry.</summary>
    public GrantedLink? Link { get; init; }

    /// <summary>The idempotency key: the command's deterministic id.</summary>
    public string Id => Command.Id;
}

public enum SendOutcome
{
    Sent,

    /// <summary>Worth trying again later (throttled, or the service failed).</summary>
    Transient,

    /// <summary>Refused for good (a bad address, say): retrying would fail the same way.</summary>
    Rejected,
}

public sealed record SendResult(SendOutcome Outcome, string? Reason = null)
{
    public static SendResult Sent { get; } = new(SendOutcome.Sent);
}

public interface IMessageSender
{
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}
