namespace Workflow.Core.Instances;

internal static class CommandIds
{
    public static string For(InstanceId instance, string name) => $"{instance}/{name}";

    /// <summary>Prompts about a due date carry it, so a moved date gets fresh prompts and an unmoved one never repeats.</summary>
    public static string For(InstanceId instance, MilestoneKey key, string rule, DateTimeOffset due) =>
        $"{instance}/{key}/{rule}@{due.UtcDateTime:yyyyMMdd'T'HHmm}";
}
