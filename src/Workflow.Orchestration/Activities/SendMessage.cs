using Workflow.Core;
using Workflow.Core.Instances;

namespace Workflow.Orchestration.Activities;

/// <summary>
/// One issued command to send. Recipients are resolved by the activity, from the directory and the delegations in
/// force at the command's time, so the orchestration carries no addresses.
/// </summary>
public sealed record SendMessageInput(InstanceId Instance, RegionCode Region, SystemCode? Peer, int RoundVersion, Command Command);

/// <summary>
/// What came of a send. A failure worth retrying is thrown, so the retry policy tries again; a message refused for
/// good (no such address, say) comes back here with why, and is not tried again until someone resends it.
/// </summary>
public sealed record SendMessageResult(bool Sent, string? Refusal = null)
{
    public static SendMessageResult Delivered { get; } = new(true);
}
