using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Workflow.Functions.Pages;

/// <summary>
/// Renders a page component to HTML on the server, as the HTTP functions answer: Razor encodes every value it writes,
/// so nothing a person typed can become markup. Pages carry the headers of <see cref="Html.Guarded"/>.
/// </summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly HtmlRenderer _renderer = new(services, loggers);

    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        var html = await _renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await _renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
        return "<!DOCTYPE html>\n" + html;
    }

    public async Task<IResult> PageAsync<TComponent>(IDictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TComponent : IComponent =>
        Html.Guarded(Results.Content(await RenderAsync<TComponent>(parameters), "text/html; charset=utf-8", Encoding.UTF8, status));

    public ValueTask DisposeAsync() => _renderer.DisposeAsync();
}
