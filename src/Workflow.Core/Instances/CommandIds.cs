namespace Workflow.Core.Instances;

internal static class CommandIds
{
    public static string For(InstanceState state, string name) => $"{Prefix(state)}/{name}";

    /// <summary>Prompts about a due date carry it, so a moved date gets fresh prompts and an unmoved one never repeats.</summary>
    public static string For(InstanceState state, MilestoneKey key, string rule, DateTimeOffset due) =>
        $"{Prefix(state)}/{key}/{rule}@{due.UtcDateTime:yyyyMMdd'T'HHmm}";

    private static string Prefix(InstanceState state) => state.Generation == 0 ? state.Id.ToString() : $"{state.Id}/g{state.Generation}";
}
