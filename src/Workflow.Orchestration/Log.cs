using Microsoft.Extensions.Logging;
using Workflow.Core;

namespace Workflow.Orchestration;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Instance {Instance} refused event {EventId}: {Refusal}")]
    public static partial void Refused(ILogger logger, InstanceId instance, string eventId, string refusal);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Instance {Instance} has applied event {EventId} already; the repeat is ignored")]
    public static partial void Duplicate(ILogger logger, InstanceId instance, string eventId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Instance {Instance} could not deliver command {CommandId}: {Reason}")]
    public static partial void Undelivered(ILogger logger, InstanceId instance, string commandId, string? reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Instance {Instance} passed over a timer for {FireAt:o} that fired at {FiredAt:o}, left by an earlier iteration")]
    public static partial void EarlyTimer(ILogger logger, InstanceId instance, DateTime fireAt, DateTime firedAt);
}
