using Microsoft.Azure.Functions.Worker;
using Workflow.Notifications;
using Workflow.Functions.Pages.Components;

namespace Workflow.Functions.Pages;

/// <summary>
/// "Sent mail": what the local mail drop saved, newest first, with each person's links clickable. Only when
/// mail is not really sent; with SendGrid configured these pages do not exist.
/// </summary>
public sealed class MailFunctions(IMessageSender sender, MailDropReader reader, PageRenderer pages)
{
    [Function("SentMail")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "mail")] HttpRequest request, CancellationToken cancellationToken) =>
        Refusal(request) ?? await ListAsync(request.Query["q"], cancellationToken);

    [Function("SentMessage")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "mail/{file}")] HttpRequest request, string file, CancellationToken cancellationToken) =>
        Refusal(request) ?? await ShowAsync(file, cancellationToken);

    /// <summary>
    /// The pages exist only while mail stays on this machine, and every saved message holds people's personal links:
    /// only someone on this machine may read them.
    /// </summary>
    private IResult? Refusal(HttpRequest request) => sender is LocalMailDrop && IsLocal(request.HttpContext.Connection)
        ? null
        : Html.Problem(StatusCodes.Status404NotFound, "Page not found", "There is no such page here.", "Use the link in your e-mail.");

    /// <summary>A request from this machine; in-process test servers give no address at all.</summary>
    private static bool IsLocal(ConnectionInfo connection) =>
        connection.RemoteIpAddress is not { } address || System.Net.IPAddress.IsLoopback(address);

    private async Task<IResult> ListAsync(string? q, CancellationToken cancellationToken)
    {
        var entries = (await reader.ListAsync(500, cancellationToken))
            .Where(e => string.IsNullOrWhiteSpace(q) || e.Subject.Contains(q, StringComparison.OrdinalIgnoreCase)
                || e.To.Concat(e.Copy).Any(r => r.Contains(q, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return await pages.PageAsync<SentMailPage>(new Dictionary<string, object?>
        {
            [nameof(SentMailPage.Entries)] = entries,
            [nameof(SentMailPage.Query)] = q,
        });
    }

    private async Task<IResult> ShowAsync(string file, CancellationToken cancellationToken) =>
        await reader.ReadAsync(file, cancellationToken) is { } entry
            ? await pages.PageAsync<SentMessagePage>(new Dictionary<string, object?> { [nameof(SentMessagePage.Entry)] = entry })
            : Html.Problem(StatusCodes.Status404NotFound, "Message not found", "There is no saved message by that name.", "Go back to the sent mail list.");
}
