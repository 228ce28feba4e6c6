using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Workflow.EndToEnd.Tests.Support;

/// <summary>axe-core's rules, run in the page as it stands: minor findings are logged, serious or critical ones fail.</summary>
internal static class Axe
{
    public static async Task AssertAccessibleAsync(IPage page, string what, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(output);
        var result = await page.RunAxe();
        output.WriteLine($"axe on the {what}: {result.Passes.Length} rules passed, {result.Violations.Length} violated, {result.Incomplete.Length} to check by hand ({string.Join(", ", result.Incomplete.Select(i => i.Id))})");
        Assert.NotEmpty(result.Passes);
        foreach (var violation in result.Violations)
        {
            output.WriteLine($"axe on the {what}: {violation.Impact} {violation.Id}: {violation.Help} ({violation.Nodes.Length} nodes)");
        }
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe found on the {what}: " + string.Join("; ", serious.Select(v =>
            $"{v.Impact} {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
