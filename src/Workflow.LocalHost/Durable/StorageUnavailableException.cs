namespace Workflow.LocalHost.Durable;

/// <summary>The task hub's storage account is not set or does not answer; the message is one line for the console.</summary>
public sealed class StorageUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
