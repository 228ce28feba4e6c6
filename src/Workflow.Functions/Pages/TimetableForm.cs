using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Workflow.Core;
using Workflow.Core.Rounds;

namespace Workflow.Functions.Pages;

/// <summary>
/// The timetable page's form: an NHS date input for each fixed milestone's due date (and its opening, for one that
/// opens), named <c>{milestone}-due-day</c>, <c>-month</c>, <c>-year</c>. A new date keeps the time of day the round
/// gave the old one, as the round file writes it (5pm, in the round's time zone).
/// </summary>
internal static class TimetableForm
{
    private const string Example = "27 9 2019";

    public static string Field(Milestone milestone, string date) => $"{milestone.Name()}-{date}";

    /// <summary>The round's milestones with a fixed due date, in due order: the ones a timetable change moves.</summary>
    public static IEnumerable<MilestoneDefinition> Fixed(Round round) =>
        round.Definition.Milestones.Values.Where(m => m.Deadline is FixedDeadline).OrderBy(m => ((FixedDeadline)m.Deadline).Due);

    public static IReadOnlyDictionary<Milestone, MilestoneDates> Current(Round round) =>
        Fixed(round).ToDictionary(m => m.Id, m => new MilestoneDates(((FixedDeadline)m.Deadline).Due, m.Opens));

    /// <summary>The dates as the form's boxes hold them.</summary>
    public static IReadOnlyDictionary<string, string> Values(IReadOnlyDictionary<Milestone, MilestoneDates> dates)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (milestone, moved) in dates)
        {
            Write(values, Field(milestone, "due"), moved.Due);
            if (moved.Opens is { } opens)
            {
                Write(values, Field(milestone, "opens"), opens);
            }
        }
        return values;

        static void Write(Dictionary<string, string> values, string field, DateTime date)
        {
            values[$"{field}-day"] = date.Day.ToString(CultureInfo.InvariantCulture);
            values[$"{field}-month"] = date.Month.ToString(CultureInfo.InvariantCulture);
            values[$"{field}-year"] = date.Year.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>What was typed in the form's boxes, kept to be shown again.</summary>
    public static IReadOnlyDictionary<string, string> Typed(Round round, Func<string, string?> value)
    {
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var milestone in Fixed(round))
        {
            foreach (var field in (string[])[Field(milestone.Id, "due"), Field(milestone.Id, "opens")])
            {
                foreach (var part in DateInput.Parts)
                {
                    if (value($"{field}-{part}") is { } text)
                    {
                        typed[$"{field}-{part}"] = text;
                    }
                }
            }
        }
        return typed;
    }

    /// <summary>Every fixed milestone's new dates, or every problem with them, each linked to the box to correct.</summary>
    public static (IReadOnlyDictionary<Milestone, MilestoneDates>? Dates, List<FormProblem> Errors) Read(Round round, Func<string, string?> value)
    {
        var errors = new List<FormProblem>();
        var dates = new Dictionary<Milestone, MilestoneDates>();
        foreach (var milestone in Fixed(round))
        {
            var due = ((FixedDeadline)milestone.Deadline).Due;
            var day = DateInput.Read(value, Field(milestone.Id, "due"), $"the due date for {milestone.Title}", Example, errors);
            DateTime? opens = null;
            if (milestone.Opens is { } opened)
            {
                opens = DateInput.Read(value, Field(milestone.Id, "opens"), $"the date {milestone.Title} opens", Example, errors) is { } opensOn
                    ? opensOn.ToDateTime(TimeOnly.FromDateTime(opened))
                    : null;
            }
            if (day is { } on)
            {
                dates[milestone.Id] = new MilestoneDates(on.ToDateTime(TimeOnly.FromDateTime(due)), opens);
            }
        }
        return (errors.Count == 0 ? dates : null, errors);
    }
}

/// <summary>
/// A previewed timetable change, signed into the confirm button's form so that what is confirmed is what was shown:
/// the round, the version it was previewed against, how many systems it moved then, and the dates as the form holds
/// them. Anything else (edited, made up, or signed for another purpose) reads as nothing.
/// </summary>
internal sealed record TimetableProposal(RoundId Round, int Base, int Moved, IReadOnlyDictionary<string, string> Values)
{
    private const string Purpose = "Workflow.Functions.Pages.TimetableProposal.v1";

    public string Protect(IDataProtectionProvider protection)
    {
        ArgumentNullException.ThrowIfNull(protection);
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["round"] = Round.Value,
            ["base"] = Base.ToString(CultureInfo.InvariantCulture),
            ["moved"] = Moved.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in Values)
        {
            fields[name] = value;
        }
        return protection.CreateProtector(Purpose).Protect(QueryString.Create(fields).ToUriComponent());
    }

    public static TimetableProposal? Read(IDataProtectionProvider protection, string? text)
    {
        ArgumentNullException.ThrowIfNull(protection);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        string plain;
        try
        {
            plain = protection.CreateProtector(Purpose).Unprotect(text);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var fields = QueryHelpers.ParseQuery(plain);
        if (fields.Remove("round", out var round) && RoundId.IsWellFormed(round.ToString())
            && fields.Remove("base", out var version) && int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            && fields.Remove("moved", out var count) && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var moved))
        {
            return new TimetableProposal(new RoundId(round.ToString()), at, moved, fields.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));
        }
        return null;
    }
}
