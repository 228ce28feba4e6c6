using System.Text;
using Microsoft.Azure.Functions.Worker;
using Workflow.Notifications;
using static Workflow.Functions.Pages.Html;

namespace Workflow.Functions.Pages;

/// <summary>
/// "Sent mail": what the local mail drop saved, newest first, with each person's links clickable. Only when
/// mail is not really sent; with SendGrid configured these pages do not exist.
/// </summary>
public sealed class MailFunctions(IMessageSender sender, MailDropReader reader)
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
        : Problem(StatusCodes.Status404NotFound, "Page not found", "There is no such page here.", "Use the link in your e-mail.");

    /// <summary>A request from this machine; in-process test servers give no address at all.</summary>
    private static bool IsLocal(ConnectionInfo connection) =>
        connection.RemoteIpAddress is not { } address || System.Net.IPAddress.IsLoopback(address);

    private async Task<IResult> ListAsync(string? q, CancellationToken cancellationToken)
    {
        var entries = (await reader.ListAsync(500, cancellationToken))
            .Where(e => string.IsNullOrWhiteSpace(q) || e.Subject.Contains(q, StringComparison.OrdinalIgnoreCase)
                || e.To.Concat(e.Copy).Any(r => r.Contains(q, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var rows = string.Concat(entries.Select(e =>
            $"<tr><td>{E(When(e.At))}</td><td><a class=\"nhsuk-link\" href=\"/mail/{E(e.File)}\">{E(e.Subject)}</a></td><td>{E(string.Join(", ", e.To))}</td></tr>"));
        return Page("Sent mail", $"""
            <h1 class="nhsuk-heading-l">Sent mail</h1>
            <p class="nhsuk-body">Messages the service saved instead of sending, newest first ({entries.Count} shown). Each person's links work as they would from their inbox.</p>
            <form method="get" class="nhsuk-u-margin-bottom-5">
              <label class="nhsuk-label" for="q">Subject or address contains</label>
              <input class="nhsuk-input nhsuk-input--width-20" id="q" name="q" type="search" value="{E(q)}">
              <button class="nhsuk-button nhsuk-button--secondary" type="submit">Search</button>
            </form>
            <table class="nhsuk-table">
              <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Sent mail</caption>
              <thead class="nhsuk-table__head"><tr><th scope="col">Sent</th><th scope="col">Subject</th><th scope="col">To</th></tr></thead>
              <tbody class="nhsuk-table__body">{rows}</tbody>
            </table>
            """);
    }

    private async Task<IResult> ShowAsync(string file, CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(file, cancellationToken) is not { } entry)
        {
            return Problem(StatusCodes.Status404NotFound, "Message not found", "There is no saved message by that name.", "Go back to the sent mail list.");
        }
        var body = new StringBuilder($"""
            <a class="nhsuk-back-link" href="/mail">Sent mail</a>
            <h1 class="nhsuk-heading-l">{E(entry.Subject)}</h1>
            {Summary([("Sent", When(entry.At)), ("Kind", entry.Kind), ("To", string.Join(", ", entry.To)), ("Copied", entry.Copy.Count == 0 ? "—" : string.Join(", ", entry.Copy)), ("Message id", entry.Id)])}
            """);
        foreach (var copy in entry.Recipients)
        {
            // The mail's own HTML is shown in a sandboxed frame: it is data, and must not run or style this page.
            body.Append($"""
                <h2 class="nhsuk-heading-m">{E(copy.Name)} &lt;{E(copy.Email)}&gt;{(copy.Copied ? " (copied)" : "")}</h2>
                {(copy.Link is { } link ? $"<p class=\"nhsuk-body\"><a class=\"nhsuk-link\" href=\"{E(link.ToString())}\" data-testid=\"personal-link\">Open {E(copy.Name)}'s link</a></p>" : "")}
                <iframe title="The e-mail to {E(copy.Name)}" sandbox="" srcdoc="{E(copy.Html)}" style="width:100%;height:32rem;border:1px solid #d8dde0"></iframe>
                <details class="nhsuk-details"><summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Plain text</span></summary>
                <div class="nhsuk-details__text"><pre>{E(copy.Text)}</pre></div></details>
                """);
        }
        return Page(entry.Subject, body.ToString());
    }
}
