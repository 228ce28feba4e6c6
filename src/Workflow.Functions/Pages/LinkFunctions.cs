using Microsoft.AspNetCore.Antiforgery;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Documents;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Pages.Components;
using Workflow.Functions.Rounds;
using Workflow.Storage;
using Workflow.Storage.Directory;
using Workflow.Storage.Journal;

namespace Workflow.Functions.Pages;

/// <summary>
/// The pages people reach from links in e-mails. GET only shows (mail scanners follow links, and some run
/// scripts): the facts and a form that does not submit itself. POST, with an anti-forgery token, acts once.
/// </summary>
public sealed class LinkFunctions(
    LinkGate gate, IAntiforgery antiforgery, PageRenderer pages, PlanningClient planning, PlanDocuments documents, IDocumentScanner scanner,
    DelegationStore delegations, JournalStore journal, ReferenceData reference, TimeProvider time)
{
    /// <summary>
    /// The link pages' forms. One may carry a document up to the size allowed, and a little more for its other fields;
    /// a body past that (or past the server's own limit) gets the page saying so, not an exception and a 500.
    /// </summary>
    internal static readonly FormSource Forms = new("the form on the page", "nothing has been recorded", "Open the link from the e-mail again and send the form.",
        new FormUpload(DocumentRules.MaxBytes + 64 * 1024, Html.Problem(StatusCodes.Status413PayloadTooLarge, "The file is too large",
            $"Files can be up to {DocumentRules.MaxBytes / 1024 / 1024} MB. Nothing has been recorded.", "Send a smaller file, or give the web address where the plan is held.")));

    // HEAD answers as GET does, without the body: some mail scanners check a link that way before anyone opens it.
    [Function("ShowLink")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "links/{token}")] HttpRequest request, string token, CancellationToken cancellationToken)
    {
        var context = request.HttpContext;
        var (link, refusal) = await gate.OpenAsync(token, cancellationToken);
        if (refusal is not null || link is null)
        {
            return refusal!;
        }
        return await ShowAsync(link, context, input: null);
    }

    /// <summary>The link's page, or the same page sent back with the person's answers and what to correct.</summary>
    private async Task<IResult> ShowAsync(OpenedLink link, HttpContext context, FormInput? input)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var parameters = new Dictionary<string, object?>
        {
            [nameof(LinkPageBase.Link)] = link,
            [nameof(LinkPageBase.Token)] = new FormToken(tokens.FormFieldName, tokens.RequestToken ?? ""),
            [nameof(LinkPageBase.Input)] = input,
        };
        var status = input is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        return link.Claims.Action switch
        {
            LinkAction.Submit => await pages.PageAsync<SubmissionPage>(parameters, status),
            LinkAction.Decide => await pages.PageAsync<DecisionPage>(parameters, status),
            LinkAction.Acknowledge => await pages.PageAsync<AcknowledgePage>(parameters, status),
            LinkAction.RegionalFeedback => await pages.PageAsync<FeedbackPage>(parameters, status),
            _ => await pages.PageAsync<PeerReviewPage>(parameters, status),
        };
    }

    [Function("ActOnLink")]
    public async Task<IResult> ActAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "links/{token}")] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var (form, unusable) = await PostedForm.ReadAsync(request, antiforgery, Forms, cancellationToken);
        if (form is null)
        {
            return unusable!;
        }
        var (link, refusal) = await gate.OpenAsync(token, cancellationToken);
        if (refusal is not null || link is null)
        {
            return refusal!;
        }
        if (link.Claims.Action == LinkAction.Submit && form[SubmissionPage.FormField] != SubmissionPage.FootprintForm
            && form[SubmissionPage.MilestoneField] != Progress.DueNow(link.State)?.Name())
        {
            // Two people with the page open, or one with two tabs: what the page asked for has been sent already.
            return Html.Problem(StatusCodes.Status409Conflict, "This page is out of date",
                $"Since this page was opened, what is due from {link.SystemName} has changed, so this was not sent. Nothing has been recorded.",
                "Open the link from your latest e-mail to see what is due now.");
        }
        var audit = new Audit(link.Person.Email, link.Claims.Nonce, context.Connection.RemoteIpAddress?.ToString());
        var by = link.Person.Name;
        var (evt, error) = link.Claims.Action switch
        {
            LinkAction.Decide => Decision(link, form, by),
            LinkAction.Acknowledge => (new FootprintAcknowledged(default, link.Claims.Version, by), null),
            LinkAction.RegionalFeedback => Text(form["feedback"]) switch
            {
                null => (null, new FormError("feedback", "Write the region's feedback on the draft plan")),
                { Length: > Api.EventRequests.MaxText } => (null, new FormError("feedback", "Keep the feedback to 4,000 characters or fewer; a longer note can go in a document")),
                var feedback => (new RegionalFeedbackGiven(default, by, feedback), null),
            },
            LinkAction.PeerFeedback => (link.State.Peer, Text(form["feedback"])) switch
            {
                (null, _) => (null, new FormError("", "The system has no peer reviewer.")),
                (_, { Length: > Api.EventRequests.MaxText }) => (null, new FormError("feedback", "Keep the feedback to 4,000 characters or fewer; a longer note can go to the system directly")),
                var (peer, feedback) => (new PeerFeedbackGiven(default, peer.Value, by, feedback), null),
            },
            _ when form[SubmissionPage.FormField] == SubmissionPage.FootprintForm => FootprintNotice(form),
            _ => await SubmissionAsync(link, form, by, cancellationToken),
        };
        if (evt is null)
        {
            // An answer to correct sends the page back with what was written; anything else is a page of its own.
            return error!.Field.Length > 0
                ? await ShowAsync(link, context, new FormInput(form, error))
                : Html.Problem(StatusCodes.Status400BadRequest, "Please check the form", error.Message, "Nothing has been recorded.");
        }

        var result = await planning.RaiseLinkAsync(client, link.Claims.Instance, link.Claims.Nonce, (_, now) => evt with { At = now, Via = audit }, cancellationToken);
        var kept = result.FirstUse && result.Outcome is RaiseOutcome.Recorded or RaiseOutcome.Pending;
        if (!kept && evt is PlanSubmitted { Reference: ['b', 'l', 'o', 'b', ':', .. var uploaded] })
        {
            // Nothing refers to a document whose submission was not recorded (or whose link recorded another): it is not kept.
            await documents.DeleteAsync(link.Claims.Instance, uploaded, cancellationToken);
        }
        return result.Outcome switch
        {
            RaiseOutcome.Recorded or RaiseOutcome.Pending when !result.FirstUse => LinkGate.Done(link, "Already recorded", "What you sent through this link has been recorded already; nothing more is needed."),
            RaiseOutcome.Recorded => LinkGate.Done(link, "Recorded", Confirmation(evt, link)),
            RaiseOutcome.Pending => LinkGate.Done(link, "Sent", "What you sent has been received and is being recorded; you will get an e-mail when it is. There is no need to send it again."),
            RaiseOutcome.Refused => Html.Problem(StatusCodes.Status409Conflict, "This cannot be recorded now", Capitalise(result.Refusal!), "Nothing has been recorded. Contact the regional team if this is unexpected."),
            _ => Html.Problem(StatusCodes.Status404NotFound, "Plan not found", "The plan this link is for is no longer running.", "Contact the national planning team."),
        };
    }

    private static (InstanceEvent? Event, FormError? Error) Decision(OpenedLink link, IFormCollection form, string by) =>
        (form["outcome"].ToString(), Text(form["comment"])) switch
        {
            (_, { Length: > Api.EventRequests.MaxText }) => (null, new FormError("comment", "Keep the comment to 4,000 characters or fewer; a longer note can go in a document with the plan")),
            ("agreed", var comment) => (new DecisionRecorded(default, Outcome.Agreed, link.Claims.Version, by, comment), null),
            ("changes-requested", { } comment) => (new DecisionRecorded(default, Outcome.ChangesRequested, link.Claims.Version, by, comment), null),
            ("changes-requested", null) => (null, new FormError("comment", "Say what needs to change: the comment is required when asking for changes")),
            _ => (null, new FormError("outcome", "Choose whether to agree the plan or ask for changes", "outcome-agreed")),
        };

    private static (InstanceEvent? Event, FormError? Error) FootprintNotice(IFormCollection form) =>
        (form["source"].ToString(), Text(form["from"]), Text(form["summary"])) switch
        {
            (not ("system" or "local-authority"), _, _) => (null, new FormError("source", "Say whether the system or a local authority is giving notice", "source-system")),
            (_, null, _) => (null, new FormError("from", "Give the name of the organisation giving notice")),
            (_, { Length: > Api.EventRequests.MaxText }, _) => (null, new FormError("from", "Keep the name to 4,000 characters or fewer")),
            (_, _, null) => (null, new FormError("summary", "Say what is changing in the footprint")),
            (_, _, { Length: > Api.EventRequests.MaxText }) => (null, new FormError("summary", "Keep what is changing to 4,000 characters or fewer")),
            (var source, { } from, { } summary) => (new FootprintNoticeGiven(default, source == "system" ? NoticeSource.System : NoticeSource.LocalAuthority, from, summary), null),
        };

    private async Task<(InstanceEvent? Event, FormError? Error)> SubmissionAsync(OpenedLink link, IFormCollection form, string by, CancellationToken cancellationToken)
    {
        var due = Progress.DueNow(link.State);
        if (due is null)
        {
            return (null, new FormError("", "Nothing is due from this system now."));
        }
        if (due == Milestone.Publication)
        {
            return WebAddress.TryParse(Text(form["url"]), out var url)
                ? (new PlanPublished(default, url, by), null)
                : (null, new FormError("url", "Give the web address where the plan is published, starting https://"));
        }
        var file = form.Files.GetFile("document");
        var reference = Text(form["reference"]);
        if (file is { Length: > 0 })
        {
            if (file.Length > DocumentRules.MaxBytes)
            {
                return (null, new FormError("document", $"The file is larger than {DocumentRules.MaxBytes / 1024 / 1024} MB: send a smaller one, or give the web address where it is held"));
            }
            await using var content = file.OpenReadStream();
            // The name alone says nothing: a file is kept only when its first bytes are of the kind its name claims.
            var head = new byte[UploadRules.HeadLength];
            var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            content.Position = 0;
            var check = UploadRules.Check(file.FileName, head.AsSpan(0, read));
            if (check is UploadRefused refused)
            {
                return (null, new FormError("document", refused.Refusal == UploadRefusal.KindNotAccepted
                    ? $"Files of this kind cannot be accepted; send one of {DocumentKind.Allowed}, or a link"
                    : refused.Reason));
            }
            var accepted = (UploadAccepted)check;
            if (await scanner.ScanAsync(content, file.FileName, cancellationToken) == ScanVerdict.Infected)
            {
                return (null, new FormError("document", "The file did not pass the virus check and has not been kept"));
            }
            content.Position = 0;
            reference = "blob:" + await documents.UploadAsync(link.Claims.Instance, due.Value.Name(), DownloadName(file.FileName), accepted.ContentType, content, time.GetUtcNow(), cancellationToken);
        }
        else if (reference is null)
        {
            return (null, new FormError("document", "Upload the plan, or give the web address where it is held"));
        }
        else if (!WebAddress.TryParse(reference, out _))
        {
            return (null, new FormError("reference", "Give the web address where the plan is held, starting https://"));
        }
        return (new PlanSubmitted(default, due.Value, by, reference), null);
    }

    [Function("DelegateFromLink")]
    public async Task<IResult> DelegateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "links/{token}/delegate")] HttpRequest request, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (form, unusable) = await PostedForm.ReadAsync(request, antiforgery, Forms, cancellationToken);
        if (form is null)
        {
            return unusable!;
        }
        var (link, refusal) = await gate.OpenAsync(token, cancellationToken);
        if (link is null)
        {
            return refusal!;
        }
        if (!Delegation.MayGrant(link.Person))
        {
            return Html.Problem(StatusCodes.Status403Forbidden, "Only the regional director can delegate", "A deputy cannot pass decisions on.", "Ask the regional director.");
        }
        var deputy = reference.Directory.Deputies(link.State.Region).FirstOrDefault(c => string.Equals(c.Email, form["deputy"], StringComparison.OrdinalIgnoreCase));
        var now = time.GetUtcNow();
        if (deputy is null || !Delegation.TryParseLastDay(form["until"].ToString(), out var until))
        {
            return Html.Problem(StatusCodes.Status400BadRequest, "Please check the form", "Choose a deputy for this region and give the last day of the delegation as yyyy-mm-dd, for example 2019-12-20.", "Go back and send the form again. Nothing has been recorded.");
        }
        if (Delegation.Grant(link.State.Region, deputy.Email, link.Person.Email, until, now, link.Round.Calendar) is not { } delegation)
        {
            return Html.Problem(StatusCodes.Status400BadRequest, "Please check the form", "A delegation must end after today and within three months.", "Go back and send the form again. Nothing has been recorded.");
        }
        await delegations.SaveAsync(delegation, cancellationToken);
        return LinkGate.Done(link, "Delegation recorded", $"{deputy.Name} can agree plans or ask for changes for your region until the end of {until.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}.");
    }

    [Function("LinkDocument")]
    public async Task<IResult> DocumentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "links/{token}/document/{version:int}")] HttpRequest request, string token, int version,
        CancellationToken cancellationToken)
    {
        // A decided or superseded link may still show the plan it was about; only a bad or foreign link may not.
        var (link, refusal) = await gate.OpenAsync(token, cancellationToken);
        if (link is null)
        {
            return refusal!;
        }
        var instance = link.Claims.Instance;
        // Version 0 is the draft; 1, 2… the final plan and its resubmissions.
        var submissions = (await journal.ReadAsync(instance, cancellationToken)).Where(e => e.Refusal is null).Select(e => e.Event).OfType<PlanSubmitted>().ToList();
        var reference = (version == 0
            ? submissions.FirstOrDefault(s => s.Milestone == Milestone.Draft)
            : submissions.Where(s => s.Milestone is Milestone.Final or Milestone.Resubmission).ElementAtOrDefault(version - 1))?.Reference;
        if (reference is not null && reference.StartsWith("blob:", StringComparison.Ordinal)
            && await documents.OpenAsync(instance, reference[5..], cancellationToken) is { } document)
        {
            return Results.Stream(document.Content, document.ContentType, document.FileName);
        }
        // An address recorded before the rule was kept can hold a line break, which no redirect may carry.
        return WebAddress.TryParse(reference, out var url)
            ? Results.Redirect(url.ToString())
            : Html.Problem(StatusCodes.Status404NotFound, "Document not found", "There is no document for that plan version.", "Use the link in the e-mail.");
    }

    /// <summary>What the page says once the form has been recorded.</summary>
    private static string Confirmation(InstanceEvent evt, OpenedLink link) => evt switch
    {
        DecisionRecorded { Outcome: Outcome.Agreed } d => $"You agreed version {d.PlanVersion} of {link.SystemName}'s plan. The system's PMO has been told.",
        DecisionRecorded d => $"You asked for changes to version {d.PlanVersion} of {link.SystemName}'s plan. The system's PMO has been sent your comment.",
        PlanSubmitted s => $"{link.SystemName}'s {link.Round.Definition[s.Milestone].Title.ToLowerInvariant()} has been received. You will get a confirmation e-mail.",
        PlanPublished => $"The publication of {link.SystemName}'s plan has been recorded.",
        FootprintAcknowledged => "The footprint change notice has been acknowledged.",
        FootprintNoticeGiven => $"{link.SystemName}'s footprint change notice has been sent to the regional director, who is asked to acknowledge it.",
        RegionalFeedbackGiven => $"Your feedback has been sent to {link.SystemName}'s programme office.",
        PeerFeedbackGiven { Comment: not null } => $"Your feedback has been sent to {link.SystemName}'s programme office.",
        _ => "Peer feedback has been recorded.",
    };

    /// <summary>The name a download of the document is given: the uploaded name as the person knew it, without its folders or control characters.</summary>
    private static string DownloadName(string uploaded) =>
        PlainText.Line(Path.GetFileName(uploaded.Replace('\\', '/'))) is { Length: > 0 } name ? name : DocumentNames.Safe(uploaded);

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => string.IsNullOrWhiteSpace(value) ? null : value.ToString().Trim();

    private static string Capitalise(string sentence) => sentence.Length == 0 ? sentence : char.ToUpperInvariant(sentence[0]) + sentence[1..];
}
