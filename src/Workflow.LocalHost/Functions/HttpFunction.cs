using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Workflow.LocalHost.Functions;

/// <summary>An HTTP-triggered function as an endpoint: arguments bound by type and route-value name, its result executed.</summary>
internal sealed class HttpFunction(LocalFunction function, FunctionMethod method)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var arguments = method.Arguments.Select(a => Bind(a, context)).ToArray();
        switch (await method.InvokeAsync(context.RequestServices, arguments))
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case IResult result:
                await result.ExecuteAsync(context);
                break;
            default:
                throw new InvalidOperationException($"Function '{function.Name}' returned no result.");
        }
    }

    private static object? Bind(FunctionArgument argument, HttpContext context) => argument.Source switch
    {
        ArgumentSource.Trigger => context.Request,
        ArgumentSource.HttpContext => context,
        ArgumentSource.DurableClient => context.RequestServices.GetRequiredService<DurableTaskClient>(),
        ArgumentSource.CancellationToken => context.RequestAborted,
        ArgumentSource.RouteValue => RouteValue(argument, context.GetRouteValue(argument.Name)?.ToString()),
        _ => throw new ArgumentOutOfRangeException(nameof(argument), argument.Source, null),
    };

    private static object? RouteValue(FunctionArgument argument, string? text)
    {
        var type = Nullable.GetUnderlyingType(argument.Type) ?? argument.Type;
        if (text is null || type == typeof(string))
        {
            return text;
        }
        try
        {
            return type == typeof(Guid) ? Guid.Parse(text, CultureInfo.InvariantCulture)
                : Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new BadHttpRequestException($"Route value '{argument.Name}' is not a {type.Name}: '{text}'.", StatusCodes.Status400BadRequest, ex);
        }
    }
}
