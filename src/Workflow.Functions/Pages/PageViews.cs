using System.Text;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using static Workflow.Functions.Pages.Html;

namespace Workflow.Functions.Pages;

/// <summary>The bodies of the link pages. Every value is encoded; forms post back to the same link.</summary>
internal static class PageViews
{
    public static string SystemPage(OpenedLink link, string antiforgery, FormInput? input = null)
    {
        var (state, round) = (link.State, link.Round);
        var body = new StringBuilder($"""
            {ErrorSummary(input)}
            <span class="nhsuk-caption-l">{E(round.Definition.Title)}</span>
            <h1 class="nhsuk-heading-l">{E(link.SystemName)}</h1>
            <p class="nhsuk-body">Signed in through your personal link as {E(link.Person.Name)} ({E(link.Person.Email)}).</p>
            <h2 class="nhsuk-heading-m">Timeline</h2>
            <table class="nhsuk-table">
              <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Milestones, due dates and status</caption>
              <thead class="nhsuk-table__head"><tr><th scope="col">Milestone</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>
              <tbody class="nhsuk-table__body">
            """);
        foreach (var step in Progress.Of(state, round, link.OpenedAt))
        {
            var status = step.State switch
            {
                ProgressState.Done => $"Done, {When(step.DoneAt!.Value)}",
                ProgressState.DoneLate => $"Done late, {When(step.DoneAt!.Value)}",
                ProgressState.NoneGiven => "None given",
                ProgressState.Optional => "Optional",
                ProgressState.NotYet => "Not yet",
                ProgressState.Overdue => "Overdue",
                _ => "Open",
            };
            body.Append($"<tr><td>{E(round.Definition[step.Milestone].Title)}</td><td>{(step.Due is { } when ? E(When(when)) : "After the step before it")}</td><td>{E(status)}</td></tr>");
        }
        body.Append("</tbody></table>");

        if (state.Stage == Stage.ChangesRequested && state.LastDecision is { } asked)
        {
            body.Append($"""
                <div class="nhsuk-warning-callout">
                  <h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>Changes requested</span></h2>
                  <p>{E(asked.By)} asked for changes to version {asked.PlanVersion} on {E(When(asked.At))}:</p>
                  <p>{E(asked.Comment)}</p>
                </div>
                """);
        }

        var footprint = FootprintSection(link, antiforgery, input);
        switch (Progress.DueNow(state))
        {
            case Milestone.Publication:
                body.Append($"""
                    <h2 class="nhsuk-heading-m">Record where the plan is published</h2>
                    <form method="post" novalidate>
                      {antiforgery}
                      <input type="hidden" name="{MilestoneField}" value="{Milestone.Publication.Name()}">
                      {TextField(input, "url", "Web address of the published plan", type: "url", attributes: " autocomplete=\"url\" spellcheck=\"false\"")}
                      <button class="nhsuk-button" type="submit">Record publication</button>
                    </form>
                    """);
                break;
            case { } milestone:
                body.Append($"""
                    <h2 class="nhsuk-heading-m">Submit the {E(round.Definition[milestone].Title.ToLowerInvariant())}</h2>
                    <form method="post" enctype="multipart/form-data" novalidate>
                      {antiforgery}
                      <input type="hidden" name="{MilestoneField}" value="{milestone.Name()}">
                      {FileField(input, "document", "Upload the plan", $"{Workflow.Core.Documents.DocumentKind.Allowed}; up to {DocumentRules.MaxBytes / 1024 / 1024} MB.")}
                      {TextField(input, "reference", "Or give the web address where it is held", type: "url", attributes: " spellcheck=\"false\"")}
                      <button class="nhsuk-button" type="submit">Submit</button>
                    </form>
                    """);
                break;
            default:
                body.Append($"<div class=\"nhsuk-inset-text\"><p>Nothing is due from {E(link.SystemName)} now.</p></div>");
                break;
        }
        return body.Append(footprint).ToString();
    }

    /// <summary>The name of the hidden field that tells the system page's two forms apart.</summary>
    public const string FormField = "form";

    /// <summary>The hidden field naming what the page asked for, so a page left open while it was sent elsewhere cannot send the next thing.</summary>
    public const string MilestoneField = "milestone";

    public const string FootprintForm = "footprint-notice";

    /// <summary>Notices given so far, and while the final plan is not in, the form to give one (it is optional).</summary>
    private static string FootprintSection(OpenedLink link, string antiforgery, FormInput? input)
    {
        var (state, round) = (link.State, link.Round);
        if (!round.Has(Milestone.Footprint))
        {
            return "";
        }
        var given = string.Concat(state.FootprintNotices.Select(n =>
            $"<li>Notice {n.Number}, given {E(When(n.At))} by {E(n.From)}: {E(n.Summary)}. {(n.AcknowledgedAt is { } at ? $"Acknowledged {E(When(at))}." : "Not yet acknowledged.")}</li>"));
        var list = given.Length > 0 ? $"<ul class=\"nhsuk-list nhsuk-list--bullet\">{given}</ul>" : "";
        if (state.PlanVersion > 0)
        {
            return list.Length > 0 ? $"<h2 class=\"nhsuk-heading-m\">Footprint change notices</h2>{list}" : "";
        }
        return $"""
            <h2 class="nhsuk-heading-m">Footprint change notice (optional)</h2>
            <p class="nhsuk-body">If {E(link.SystemName)} or a local authority in it plans to change the system's footprint, tell the regional director here. If nothing is changing, there is nothing to do.</p>
            {list}
            <form method="post" novalidate>
              {antiforgery}
              <input type="hidden" name="{FormField}" value="{FootprintForm}">
              {Radios(input, "source", """<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Who is giving notice</legend>""",
                  ("system", "The system"), ("local-authority", "A local authority"))}
              {TextField(input, "from", "Name of the organisation giving notice", attributes: " autocomplete=\"organization\"")}
              {TextArea(input, "summary", "What is changing", hint: null, rows: 4)}
              <button class="nhsuk-button nhsuk-button--secondary" type="submit">Give the notice</button>
            </form>
            """;
    }

    public static string DecisionPage(OpenedLink link, string antiforgery, FormInput? input = null)
    {
        var state = link.State;
        var version = link.Claims.Version;
        var submitted = version >= 1 && version <= state.PlanSubmissions.Count ? state.PlanSubmissions[version - 1] : (DateTimeOffset?)null;
        var due = Timetable.Due(state, link.Round, new MilestoneKey(Milestone.Agreement, version));
        // Every version with its document and what was said of it, newest first: a resubmission is read against the comments on the one before.
        var versions = string.Concat(state.PlanSubmissions.Select((at, index) => (Version: index + 1, At: at)).Reverse().Select(v =>
        {
            var said = state.Decisions.Where(d => d.PlanVersion == v.Version).Select(d =>
                $"{(d.Outcome == Outcome.Agreed ? "Agreed" : "Changes requested")} by {E(d.By)}, {E(When(d.At))}{(d.Comment is { } c ? $": “{E(c)}”" : "")}");
            return $"""
                <tr class="nhsuk-table__row"><td class="nhsuk-table__cell"><a class="nhsuk-link" href="/links/{E(link.Token)}/document/{v.Version}">Open version {v.Version} of the plan</a></td>
                <td class="nhsuk-table__cell">{E(When(v.At))}</td><td class="nhsuk-table__cell">{(said.Any() ? string.Join("<br>", said) : v.Version == version ? "Awaiting your decision" : "No decision")}</td></tr>
                """;
        }));
        return $"""
            {ErrorSummary(input)}
            <span class="nhsuk-caption-l">{E(link.Round.Definition.Title)}</span>
            <h1 class="nhsuk-heading-l">Agree {E(link.SystemName)}'s plan</h1>
            {Summary([
                ("Plan version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("Submitted", submitted is { } s ? When(s) : "—"),
                ("Decision due", due is { } d ? When(d) : "—"),
                ("You", $"{link.Person.Name} ({link.Person.Email})"),
            ])}
            <h2 class="nhsuk-heading-m">Plan versions</h2>
            <table class="nhsuk-table">
              <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Every version of the plan, newest first, with its decision</caption>
              <thead class="nhsuk-table__head"><tr><th scope="col">Document</th><th scope="col">Submitted</th><th scope="col">Decision</th></tr></thead>
              <tbody class="nhsuk-table__body">{versions}</tbody>
            </table>
            <form method="post" novalidate>
              {antiforgery}
              {Radios(input, "outcome", """<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m"><h2 class="nhsuk-fieldset__heading">Your decision</h2></legend>""",
                  ("agreed", "Agree the plan"), ("changes-requested", "Ask for changes"))}
              {TextArea(input, "comment", "Comment", "Required when asking for changes: say what needs to change.", rows: 5)}
              <button class="nhsuk-button" type="submit">Record decision</button>
            </form>
            {(Delegation.MayGrant(link.Person) ? DelegationForm(link, antiforgery) : "")}
            """;
    }

    private static string DelegationForm(OpenedLink link, string antiforgery) => $"""
        <details class="nhsuk-details">
          <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Away? Let your deputy decide</span></summary>
          <div class="nhsuk-details__text">
            <form method="post" action="/links/{E(link.Token)}/delegate" novalidate>
              {antiforgery}
              <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="deputy">Deputy's e-mail address</label>
                <input class="nhsuk-input" id="deputy" name="deputy" type="email">
              </div>
              <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="until">Last day (yyyy-mm-dd)</label>
                <input class="nhsuk-input nhsuk-input--width-10" id="until" name="until" type="text">
              </div>
              <button class="nhsuk-button nhsuk-button--secondary" type="submit">Delegate</button>
            </form>
          </div>
        </details>
        """;

    public static string AcknowledgePage(OpenedLink link, string antiforgery)
    {
        var notice = link.State.FootprintNotices[link.Claims.Version - 1];
        return $"""
            <span class="nhsuk-caption-l">{E(link.Round.Definition.Title)}</span>
            <h1 class="nhsuk-heading-l">Footprint change notice from {E(notice.From)}</h1>
            {Summary([("System", link.SystemName), ("Notified", When(notice.At)), ("Given by", notice.Source == NoticeSource.LocalAuthority ? "a local authority" : "the system"), ("What is changing", notice.Summary ?? "—")])}
            <form method="post" novalidate>
              {antiforgery}
              <button class="nhsuk-button" type="submit">Acknowledge the notice</button>
            </form>
            """;
    }

    public static string FeedbackPage(OpenedLink link, string antiforgery, FormInput? input = null)
    {
        var state = link.State;
        var given = state.RegionalFeedbackCount switch
        {
            0 => "",
            1 => "<p class=\"nhsuk-body\">The region has given feedback on this draft once already; more is welcome.</p>",
            var n => $"<p class=\"nhsuk-body\">The region has given feedback on this draft {n} times already; more is welcome.</p>",
        };
        return $"""
            {ErrorSummary(input)}
            <span class="nhsuk-caption-l">{E(link.Round.Definition.Title)}</span>
            <h1 class="nhsuk-heading-l">Feedback on {E(link.SystemName)}'s draft plan</h1>
            {Summary([
                ("Draft submitted", state.Completed.TryGetValue(new MilestoneKey(Milestone.Draft, 0), out var at) ? When(at) : "—"),
                ("You", $"{link.Person.Name} ({link.Person.Email})"),
            ])}
            <p class="nhsuk-body"><a class="nhsuk-link" href="/links/{E(link.Token)}/document/0">Open the draft plan</a></p>
            {given}
            <form method="post" novalidate>
              {antiforgery}
              {TextArea(input, "feedback", "The region's feedback", "It goes to the system's programme office by e-mail, for the final plan.", rows: 8, labelClass: " nhsuk-label--m")}
              <button class="nhsuk-button" type="submit">Send feedback</button>
            </form>
            """;
    }

    public static string PeerPage(OpenedLink link, string antiforgery, FormInput? input = null) => $"""
        {ErrorSummary(input)}
        <span class="nhsuk-caption-l">{E(link.Round.Definition.Title)}</span>
        <h1 class="nhsuk-heading-l">Peer review of {E(link.SystemName)}'s draft plan</h1>
        <p class="nhsuk-body">Your system has been paired to review this draft.</p>
        <p class="nhsuk-body"><a class="nhsuk-link" href="/links/{E(link.Token)}/document/0">Open the draft plan</a></p>
        <form method="post" novalidate>
          {antiforgery}
          {TextArea(input, "feedback", "Your feedback", $"It goes to {link.SystemName}'s programme office, copied to the regional director. If you have sent it another way, leave this empty and record that it has been given.", rows: 8, labelClass: " nhsuk-label--m")}
          <button class="nhsuk-button" type="submit">Send the feedback</button>
        </form>
        """;

    public static string Confirmation(InstanceEvent evt, OpenedLink link) => evt switch
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
}
