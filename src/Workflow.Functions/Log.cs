using Workflow.Core;

namespace Workflow.Functions;

internal static partial class Log
{
    [LoggerMessage(6, LogLevel.Information, "Round {Round} version {Version} loaded from {File}")]
    public static partial void RoundLoaded(ILogger logger, RoundId round, int version, string file);

    [LoggerMessage(7, LogLevel.Information, "Round {Round}: {Started} instances started, {Existing} already running")]
    public static partial void RoundStarted(ILogger logger, RoundId round, int started, int existing);

    [LoggerMessage(14, LogLevel.Warning, "Instance {Instance}'s orchestration history purged by {By} ({Reason}); anything to purge: {Purged}")]
    public static partial void Purged(ILogger logger, InstanceId instance, string by, string reason, bool purged);

    [LoggerMessage(15, LogLevel.Information, "New link requested for {Instance} ({Kind}): {Outcome}")]
    public static partial void LinkRequested(ILogger logger, InstanceId instance, Workflow.Core.Instances.LinkRequestKind kind, Workflow.Core.Instances.LinkRequestOutcome outcome);

    [LoggerMessage(16, LogLevel.Warning, "Mail event {EventId} is for {Instance}'s message {CommandId}, which this service did not send; skipped")]
    public static partial void MailEventSkipped(ILogger logger, string eventId, InstanceId instance, string commandId);

    [LoggerMessage(17, LogLevel.Information, "Mail event {EventId}: {Instance}'s message {CommandId} undelivered, raised: {Outcome} {Refusal}")]
    public static partial void DeliveryFailureRaised(ILogger logger, InstanceId instance, string commandId, string eventId, Workflow.Functions.Orchestration.RaiseOutcome outcome, string? refusal);

    [LoggerMessage(18, LogLevel.Warning, "The directory's contacts could not be read from storage; those last read stand")]
    public static partial void ContactsNotRefreshed(ILogger logger, Exception exception);

    [LoggerMessage(13, LogLevel.Error, "A request to {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string path, Exception exception);
}
