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

    [LoggerMessage(13, LogLevel.Error, "A request to {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string path, Exception exception);
}
