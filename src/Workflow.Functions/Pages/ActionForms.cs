using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Api;
using Workflow.Functions.Orchestration;

namespace Workflow.Functions.Pages;

/// <summary>An event to raise on one instance: its id, past the form's, and how it is made from the instance as it stands.</summary>
public sealed record ActionEvent(string Id, Func<InstanceState, DateTimeOffset, InstanceEvent> Build);

/// <summary>
/// The forms that extend a deadline, suspend, resume, withdraw and resend failed mail, as the system's page and the
/// page acting on many systems post them: each read into the event it asks for, or every problem with it, the person
/// acting being the one signed in. Whether an event may happen to an instance is Core's to say, not the form's.
/// </summary>
public static class ActionForms
{
    /// <summary>The actions by the name in the address they are posted to.</summary>
    public static IReadOnlyList<string> Actions { get; } = ["extend", "suspend", "resume", "withdraw", "resend"];

    public static bool IsAction(string action) => Actions.Contains(action, StringComparer.Ordinal);

    /// <summary>The field a problem with the whole action links to: the first of its form.</summary>
    public static string FirstField(string action) => action switch
    {
        "extend" => "milestone",
        "resend" => "resend",
        "resume" => "resume",
        _ => $"{action}-reason",
    };

    /// <summary>
    /// The key written into the form when its page was drawn, so that the same form sent twice is one event; null when
    /// it is missing or not one a page would write.
    /// </summary>
    public static string? Key(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        string? key = form["key"];
        return key is { Length: > 0 and <= 64 } && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? key : null;
    }

    /// <summary>One system's form: the event it asks for, built against that system's state.</summary>
    public static (Func<InstanceState, DateTimeOffset, InstanceEvent>? Build, List<FormProblem> Errors) Read(
        string action, IFormCollection form, InstanceState state, Round round, string by)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(state);
        var errors = new List<FormProblem>();
        switch (action)
        {
            case "extend":
                return Extension(form, Matrix.Extendable(Matrix.Facts(state, round)).Select(f => f.Milestone), errors) is { } asked
                    ? (InstanceActions.Extension(asked.Milestone, Timetable.ExtendedDue(state, round, asked.Milestone, asked.Day), asked.Reason, by), errors)
                    : (null, errors);
            case "resend":
                string? command = form["commandId"];
                if (command is null || !state.Undelivered.ContainsKey(command))
                {
                    errors.Add(new FormProblem("resend", "That message is not one waiting to be sent again"));
                    return (null, errors);
                }
                return (InstanceActions.Resend(command, by), errors);
            default:
                return (Operation(action, form, by, errors), errors);
        }
    }

    /// <summary>
    /// A form sent for many systems at once, read once: for each system, the events it asks of that system (none when
    /// there is nothing of the kind to do there), each id made from <paramref name="eventId"/>, the system's own.
    /// An extension is offered for the <paramref name="milestones"/> the page listed; whether each system may have it
    /// is for Core to say when it is raised.
    /// </summary>
    public static (Func<InstanceState, Round, string, IReadOnlyList<ActionEvent>>? Plan, List<FormProblem> Errors) ReadForMany(
        string action, IFormCollection form, IEnumerable<Milestone> milestones, string by)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<FormProblem>();
        switch (action)
        {
            case "extend":
                if (Extension(form, milestones, errors) is not { } asked)
                {
                    return (null, errors);
                }
                return ((state, round, eventId) =>
                    [new ActionEvent(eventId, InstanceActions.Extension(asked.Milestone, Timetable.ExtendedDue(state, round, asked.Milestone, asked.Day), asked.Reason, by))], errors);
            case "resend":
                // Every message still failed for the system, each its own event; a system with none has nothing to do.
                return ((state, _, eventId) =>
                    [.. state.Undelivered.Keys.Order(StringComparer.Ordinal).Select(command => new ActionEvent($"{eventId}:{command}", InstanceActions.Resend(command, by)))], errors);
            default:
                var build = Operation(action, form, by, errors);
                return (build is null ? null : (_, _, eventId) => [new ActionEvent(eventId, build)], errors);
        }
    }

    /// <summary>The extension form's answers, its milestone one of those <paramref name="offered"/>; null with every problem added.</summary>
    private static (Milestone Milestone, DateOnly Day, string Reason)? Extension(IFormCollection form, IEnumerable<Milestone> offered, List<FormProblem> errors)
    {
        var chosen = offered.Where(m => m.Name() == form["milestone"]).Cast<Milestone?>().FirstOrDefault();
        if (chosen is null)
        {
            errors.Add(new FormProblem("milestone", "Select the milestone to extend"));
        }
        var day = NewDate(form, errors);
        var reason = Reason(form, "extend-reason", errors);
        return chosen is { } milestone && day is { } on && reason is not null ? (milestone, on, reason) : null;
    }

    /// <summary>Suspend, resume or withdraw: the same for one system or many.</summary>
    private static Func<InstanceState, DateTimeOffset, InstanceEvent>? Operation(string action, IFormCollection form, string by, List<FormProblem> errors)
    {
        switch (action)
        {
            case "suspend":
                var why = Reason(form, "suspend-reason", errors);
                return why is null ? null : (_, now) => InstanceActions.Operation("suspend")!(now, by, why);
            case "resume":
                return (_, now) => InstanceActions.Operation("resume")!(now, by, "");
            default:
                var because = Reason(form, "withdraw-reason", errors);
                return because is null ? null : (_, now) => InstanceActions.Operation("terminate")!(now, by, because);
        }
    }

    private static string? Reason(IFormCollection form, string field, List<FormProblem> errors)
    {
        string? text = form[field];
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new FormProblem(field, "Enter a reason"));
            return null;
        }
        if (text.Length > EventRequests.MaxText)
        {
            errors.Add(new FormProblem(field, "The reason must be 4,000 characters or fewer"));
            return null;
        }
        return text.Trim();
    }

    private static DateOnly? NewDate(IFormCollection form, List<FormProblem> errors) =>
        DateInput.Read(name => form[name], "newDue", "the new due date", "22 11 2019", errors);
}

/// <summary>A problem with one answer: the field it links to, and what to correct.</summary>
public sealed record FormProblem(string Field, string Message);

/// <summary>
/// How a page's action forms stand when it is drawn: a banner for what was just done, or the form sent back with what
/// was typed and every problem with it, or a withdrawal waiting to be confirmed.
/// </summary>
public sealed record PageForm(string? Banner, string? Action = null, IFormCollection? Values = null, IReadOnlyList<FormProblem>? Errors = null, bool ConfirmWithdraw = false)
{
    public string? Value(string action, string name) => Action == action && Values is not null && Values.TryGetValue(name, out var value) ? value.ToString() : null;

    public string? ErrorFor(string field) => Errors?.FirstOrDefault(e => e.Field == field)?.Message;
}
