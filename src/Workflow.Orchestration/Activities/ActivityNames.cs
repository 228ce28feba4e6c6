namespace Workflow.Orchestration.Activities;

/// <summary>The activities the orchestrator calls, by the names their functions are registered under.</summary>
public static class ActivityNames
{
    public const string LoadRound = "LoadRound";

    public const string SendMessage = "SendMessage";

    public const string PublishEvent = "PublishEvent";

    public const string Project = "ProjectInstance";

    /// <summary>An iteration's sends, events and projection in one call (schema 2); the three above on their own otherwise.</summary>
    public const string CarryOut = "CarryOutIteration";
}
