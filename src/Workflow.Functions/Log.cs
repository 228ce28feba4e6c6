using Workflow.Core;

namespace Workflow.Functions;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Instance {Instance} committed {Events} events and {Commands} commands; next wake-up {Next}")]
    public static partial void Committed(ILogger logger, InstanceId instance, int events, int commands, DateTimeOffset? next);

    [LoggerMessage(2, LogLevel.Information, "Instance {Instance} lost a race to another worker (attempt {Attempt}); reloading")]
    public static partial void Conflict(ILogger logger, InstanceId instance, int attempt);

    [LoggerMessage(3, LogLevel.Warning, "Outbox item {Item} of {Instance} failed on try {Attempt}; next try at {NextTry}: {Reason}")]
    public static partial void SendFailed(ILogger logger, string item, string instance, int attempt, DateTimeOffset nextTry, string reason);

    [LoggerMessage(4, LogLevel.Error, "Outbox item {Item} of {Instance} went to the poison queue: {Reason}")]
    public static partial void Poisoned(ILogger logger, string item, string instance, string reason);

    [LoggerMessage(5, LogLevel.Information, "Tick at {Now}: {Due} instances due")]
    public static partial void Tick(ILogger logger, DateTimeOffset now, int due);

    [LoggerMessage(6, LogLevel.Information, "Round {Round} version {Version} loaded from {File}")]
    public static partial void RoundLoaded(ILogger logger, RoundId round, int version, string file);

    [LoggerMessage(7, LogLevel.Information, "Round {Round}: {Started} instances started, {Existing} already running")]
    public static partial void RoundStarted(ILogger logger, RoundId round, int started, int existing);

    [LoggerMessage(8, LogLevel.Warning, "Outbox message {MessageId} is not an outbox reference; moved to the poison queue")]
    public static partial void Malformed(ILogger logger, string messageId);

    [LoggerMessage(9, LogLevel.Error, "The local trigger loop failed; it carries on")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Listening as {Mode} on {Urls}; virtual clock {Clock}")]
    public static partial void Listening(ILogger logger, string mode, string urls, string clock);

    [LoggerMessage(11, LogLevel.Error, "Instance {Instance} could not run at its wake-up; it is tried again at the next tick")]
    public static partial void RunFailed(ILogger logger, InstanceId instance, Exception exception);

    [LoggerMessage(12, LogLevel.Error, "Outbox message {MessageId} failed on delivery {DequeueCount}; the queue delivers it again, or poisons it after the last")]
    public static partial void DeliveryFailed(ILogger logger, string messageId, long dequeueCount, Exception exception);
}
