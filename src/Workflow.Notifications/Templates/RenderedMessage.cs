namespace Workflow.Notifications.Templates;

/// <summary>One message as one recipient will read it, with the personal link it holds (null when it asks nothing of them).</summary>
public sealed record RenderedMessage(string Subject, string Html, string Text, Uri? Link = null);
