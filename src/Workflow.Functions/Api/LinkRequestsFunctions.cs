using Microsoft.Azure.Functions.Worker;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Functions.Links;
using Workflow.Functions.Pages;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Notifications;
using Workflow.Storage.Journal;
using Workflow.Storage.Links;

namespace Workflow.Functions.Api;

/// <summary>
/// New links sent by the regional or national team (<see cref="LinkReissue"/>), and every request for a new link on an
/// instance, for the audit. A re-issue is sent under the caller's <c>Idempotency-Key</c>, so the same request again sends
/// nothing more.
/// </summary>
public sealed class LinkRequestsFunctions(JournalStore journal, LinkRequestStore requests, LinkReissue reissue, Access access)
{
    [Function("ReissueLink")]
    public async Task<IResult> ReissueAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{round}/{system}/links")] HttpRequest request,
        string round, string system, CancellationToken cancellationToken)
    {
        if (access.Require(request, Permission.Act, system).Refusal is { } refused)
        {
            return refused;
        }
        if (Http.Malformed(round, system) is { } malformed)
        {
            return malformed;
        }
        var (body, error) = await Http.ReadBodyAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        const string Example = "{\"person\": \"…\", \"by\": \"…\", \"reason\": \"…\"}";
        var (asked, unreadable) = ControlRequests.Deserialize(body!, ApiJson.Default.LinkReissueRequest, Example);
        if (unreadable is not null || asked is null)
        {
            return unreadable ?? Http.BadRequest($"The body must be a JSON object such as {Example}.");
        }
        if (Invalid(asked) is { Count: > 0 } errors)
        {
            return Http.Invalid(errors);
        }
        if (InstancesFunctions.EventId(request) is not { } key)
        {
            return Http.BadRequest("Idempotency-Key must be 1 to 64 letters, digits, '-', '_' or '.'.");
        }
        var id = new InstanceId(new RoundId(round), new SystemCode(system));
        var clientAddress = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        var result = await reissue.SendAsync(id, new ReissueRequest(asked.Person!.Trim(), asked.By!.Trim(), asked.Reason!.Trim(), key, clientAddress), cancellationToken);
        return result.Outcome switch
        {
            ReissueOutcome.NoInstance => Http.NotFound($"There is no instance for system '{system}' in round '{round}'."),
            ReissueOutcome.NotInDirectory => Results.ValidationProblem(
                new Dictionary<string, string[]> { ["person"] = [$"'{asked.Person.Trim()}' is not a person in the directory"] },
                title: "The request is not valid", statusCode: StatusCodes.Status422UnprocessableEntity),
            ReissueOutcome.NothingToDo => Http.Conflict($"{result.Person!.Email} has nothing to do on this instance now, so there is no link to send."),
            ReissueOutcome.NotSent => Results.Problem(title: "Not sent", detail: $"The mail service did not take the message: {result.Mail!.Result.Reason}", statusCode: StatusCodes.Status502BadGateway),
            _ => Results.Ok(new LinkReissueView(
                result.Person!.Email, Views.Kebab(result.Action!.Value.Action), result.Action.Value.Version, result.Mail!.Link.Expires, key, result.Mail.SentBefore)),
        };
    }

    /// <summary>The audit holds the addresses people asked from, so it is for those who may re-issue links: <see cref="Permission.Act"/>.</summary>
    [Function("ListLinkRequests")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances/{round}/{system}/link-requests")] HttpRequest request,
        string round, string system, CancellationToken cancellationToken)
    {
        if (access.Require(request, Permission.Act, system).Refusal is { } refused)
        {
            return refused;
        }
        if (Http.Malformed(round, system) is { } malformed)
        {
            return malformed;
        }
        var id = new InstanceId(new RoundId(round), new SystemCode(system));
        if (await journal.GetAsync(id, cancellationToken) is null)
        {
            return Http.NotFound($"There is no instance for system '{system}' in round '{round}'.");
        }
        var views = (await requests.ListAsync(id, cancellationToken)).Select(r => new LinkRequestView(
            r.At, Views.Kebab(r.Kind), r.Person, Views.Kebab(r.Outcome), r.ClientAddress, r.By, r.Reason,
            r.Link is { } link ? Views.Kebab(link.Action) : null, r.Link?.Version, r.RequestId)).ToList();
        return Results.Ok(new LinkRequestPage(views.Count, views));
    }

    private static Dictionary<string, string[]> Invalid(LinkReissueRequest asked)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(asked.Person))
        {
            errors["person"] = ["is required: the person's e-mail address in the directory"];
        }
        else if (asked.Person.Trim().Length > Contact.MaxEmailLength || !PlainText.IsOneLine(asked.Person))
        {
            errors["person"] = [$"must be one e-mail address, on one line, of at most {Contact.MaxEmailLength} characters"];
        }
        ControlRequests.Check(errors, "by", asked.By, "is required: who is sending the link", required: true);
        ControlRequests.Check(errors, "reason", asked.Reason, "is required", required: true);
        return errors;
    }
}
