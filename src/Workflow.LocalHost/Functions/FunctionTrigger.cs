namespace Workflow.LocalHost.Functions;

/// <summary>The triggers this host runs; any other trigger on a function stops discovery with its name.</summary>
public enum FunctionTrigger
{
    Http,
    Orchestration,
    Activity,
}
