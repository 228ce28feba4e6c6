using Microsoft.Azure.Functions.Worker;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Integration;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Notifications;
using Workflow.Notifications.Events;
using Workflow.Orchestration;
using Workflow.Orchestration.Activities;
using Workflow.Storage.Directory;
using Workflow.Storage.Journal;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;

namespace Workflow.Functions.Orchestration;

/// <summary>A send that may work if tried again; thrown so the orchestration's retry policy tries it again.</summary>
public sealed class MessageNotSentException(string message) : Exception(message);

/// <summary>
/// The orchestration's activities: each does its I/O and nothing else, and each may run more than once for one call
/// (Durable Task delivers activities at least once), so each leaves storage and people as one run would.
/// </summary>
public sealed class PlanningActivities(
    RoundVersions rounds,
    ReferenceData reference,
    DirectoryStore directories,
    DelegationStore delegations,
    IMessageSender sender,
    IIntegrationEventPublisher events,
    JournalStore journal,
    StatusStore status)
{
    [Function(ActivityNames.LoadRound)]
    public async Task<string> LoadRoundAsync([ActivityTrigger] string request, CancellationToken cancellationToken)
    {
        var wanted = OrchestrationJson.Read<RoundRequest>(request);
        return OrchestrationJson.Write(await rounds.SnapshotAsync(wanted.Round, wanted.Version, cancellationToken));
    }

    [Function(ActivityNames.SendMessage)]
    public async Task<string> SendMessageAsync([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        OrchestrationJson.Write(await SendAsync(OrchestrationJson.Read<SendMessageInput>(input), cancellationToken));

    [Function(ActivityNames.PublishEvent)]
    public Task PublishEventAsync([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        events.PublishAsync(OrchestrationJson.Read<PlanEvent>(input), cancellationToken);

    [Function(ActivityNames.Project)]
    public Task ProjectAsync([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        ProjectAsync(OrchestrationJson.Read<ProjectionInput>(input), cancellationToken);

    [Function(ActivityNames.CarryOut)]
    public async Task<string> CarryOutAsync([ActivityTrigger] string input, CancellationToken cancellationToken)
    {
        var work = OrchestrationJson.Read<IterationWork>(input);
        var sending = Task.WhenAll(work.Sends.Select(s => SendAsync(s, cancellationToken)));
        // Both awaited before anything fails the activity, so no publish is left running behind a failed send.
        await Task.WhenAll(sending, Task.WhenAll(work.Events.Select(e => events.PublishAsync(e, cancellationToken))));
        var sent = await sending;
        // A refused message is recorded in the state before it is shown, so the orchestration projects that itself.
        var projected = sent.All(s => s.Sent);
        if (projected)
        {
            await ProjectAsync(work.Projection, cancellationToken);
        }
        return OrchestrationJson.Write(new IterationWorkDone([.. sent], projected));
    }

    private async Task<SendMessageResult> SendAsync(SendMessageInput send, CancellationToken cancellationToken)
    {
        var round = await rounds.GetAsync(send.Instance.Round, send.RoundVersion, cancellationToken);
        var command = send.Command;
        // Addressed by the contacts as they stand at the send, not as they stood when the service started.
        var directory = await directories.CurrentAsync(reference.Directory, cancellationToken);
        var toDirector = command.To.Contains(Role.RegionalDirector) || command.Copy.Contains(Role.RegionalDirector);
        var deputies = toDirector ? await delegations.ActingDeputiesAsync(directory, send.Region, command.At, cancellationToken) : [];
        var message = OutboundMessages.Compose(command, send.Instance, send.Region, send.Peer, round, directory, deputies);
        var result = await sender.SendAsync(message, cancellationToken);
        return result.Outcome switch
        {
            SendOutcome.Sent => SendMessageResult.Delivered,
            SendOutcome.Rejected => new SendMessageResult(false, result.Reason ?? "refused by the mail service"),
            _ => throw new MessageNotSentException(result.Reason ?? "the mail service did not take the message"),
        };
    }

    private async Task ProjectAsync(ProjectionInput projection, CancellationToken cancellationToken)
    {
        var state = projection.State;
        await journal.ProjectAsync(state, projection.Entries, cancellationToken);
        var round = await rounds.GetAsync(state.Id.Round, state.RoundVersion, cancellationToken);
        await status.WriteAsync(InstanceStatus.Of(state, round, projection.Now), cancellationToken);
    }
}
