using Microsoft.AspNetCore.Components;

namespace Workflow.Functions.Pages.Components;

/// <summary>
/// What every page a personal link opens is drawn from: the link as the gate opened it, the anti-forgery field its
/// forms carry, and, when it is sent back to be corrected, what was answered and what to correct.
/// </summary>
public abstract class LinkPageBase : ComponentBase
{
    [Parameter, EditorRequired] public OpenedLink Link { get; set; } = default!;

    [Parameter, EditorRequired] public FormToken Token { get; set; } = default!;

    [Parameter] public FormInput? Input { get; set; }

    /// <summary>The page's title, after "Error: " when it is sent back to be corrected, as the NHS pattern has it.</summary>
    protected string Titled(string title) => Input is null ? title : $"Error: {title}";
}
