using Microsoft.AspNetCore.Antiforgery;

namespace Workflow.Functions.Pages;

/// <summary>A signed-in page that posts forms, in the words its refusals use.</summary>
/// <param name="Forms">What may post here, as "Only … can be sent here" says it.</param>
/// <param name="Unchanged">What a refusal leaves as it was, as "…, so …" ends.</param>
/// <param name="Next">What to do instead.</param>
public sealed record FormSource(string Forms, string Unchanged, string Next);

/// <summary>
/// What every form a signed-in page posts goes through before anything in it is used: it is a form, it can be read,
/// and it carries the anti-forgery token of a page this service served. A refusal is a page saying so.
/// </summary>
public static class PostedForm
{
    public static async Task<(IFormCollection? Form, IResult? Refusal)> ReadAsync(
        HttpRequest request, IAntiforgery antiforgery, FormSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(source);
        if (!request.HasFormContentType)
        {
            return (null, Unsupported(source));
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, Html.Problem(StatusCodes.Status400BadRequest, "Please check the form", "The form could not be read.", source.Next));
        }
        if (!await antiforgery.IsRequestValidAsync(request.HttpContext))
        {
            return (null, Html.Problem(StatusCodes.Status400BadRequest, "This form has expired",
                $"The page was open too long or the form was not sent from this service, so {source.Unchanged}.", source.Next));
        }
        return (form, null);
    }

    /// <summary>Anything but the page's own form (JSON, a bare body) is refused before it is read.</summary>
    public static IResult Unsupported(FormSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Html.Problem(StatusCodes.Status415UnsupportedMediaType, "Please check the form", $"Only {source.Forms} can be sent here.", source.Next);
    }
}
