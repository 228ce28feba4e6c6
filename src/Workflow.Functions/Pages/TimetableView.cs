using System.Collections.Immutable;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Functions.Pages;

/// <summary>One fixed milestone of the round as it stands, with the form fields that move it.</summary>
public sealed record TimetableRow(Milestone Milestone, string Title, DateTimeOffset Due, DateTimeOffset? Opens)
{
    public string DueField => TimetableForm.Field(Milestone, "due");

    public string OpensField => TimetableForm.Field(Milestone, "opens");
}

/// <summary>A system whose dates the change moves: each move, and the messages about them it would then send if nobody acted.</summary>
public sealed record SystemMoves(SystemEntry System, IReadOnlyList<DateMove> Moves, IReadOnlyList<Command> Prompts);

/// <summary>A region's systems as the change reaches them: moved, reached with no date moved, or refusing it (with why).</summary>
public sealed record RegionMoves(RegionEntry Region, ImmutableArray<SystemMoves> Moved, ImmutableArray<SystemEntry> Unaffected, ImmutableArray<(SystemEntry System, string Refusal)> Refused);

/// <summary>What a previewed timetable would do, region by region, and the signed proposal that confirms exactly it.</summary>
public sealed record TimetablePreview(int Version, ImmutableArray<RegionMoves> Regions, int Reached, int Moved, string Proposal)
{
    /// <param name="proposal">The change as <see cref="TimetableProposal"/> signs it, carried by the confirm button.</param>
    public static TimetablePreview Of(Round changed, IReadOnlyList<SystemPreview> previews, SystemDirectory directory, string proposal)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(previews);
        ArgumentNullException.ThrowIfNull(directory);
        var known = new List<(SystemPreview Preview, SystemEntry System)>();
        foreach (var preview in previews)
        {
            if (directory.TryGetSystem(preview.Instance.System, out var system))
            {
                known.Add((preview, system));
            }
        }
        var regions = known
            .GroupBy(k => k.System.Region)
            .Select(g => new RegionMoves(
                directory.Region(g.Key),
                [.. g.Where(k => k.Preview.Refusal is null && k.Preview.Moves.Count > 0).OrderBy(k => k.System.Name, StringComparer.Ordinal).Select(k => Moves(k.System, k.Preview))],
                [.. g.Where(k => k.Preview.Refusal is null && k.Preview.Moves.Count == 0).Select(k => k.System).OrderBy(s => s.Name, StringComparer.Ordinal)],
                [.. g.Where(k => k.Preview.Refusal is not null).OrderBy(k => k.System.Name, StringComparer.Ordinal).Select(k => (k.System, k.Preview.Refusal!))]))
            .OrderBy(r => r.Region.Name, StringComparer.Ordinal)
            .ToImmutableArray();
        return new TimetablePreview(changed.Version, regions, known.Count, regions.Sum(r => r.Moved.Length), proposal);
    }

    /// <summary>
    /// The messages worth showing beside the moves: the notice of the new timetable and the prompts about a moved
    /// milestone (its reminders, counted again from the new date). Prompts for dates that stay are as they were.
    /// </summary>
    private static SystemMoves Moves(SystemEntry system, SystemPreview preview)
    {
        var moved = preview.Moves.Select(m => m.Key.Milestone).ToHashSet();
        return new SystemMoves(system, preview.Moves,
            [.. preview.Sends.Where(c => c.Kind == MessageKind.TimetableChanged || (c.Milestone is { } milestone && moved.Contains(milestone)))]);
    }
}

/// <summary>
/// Everything the timetable page shows: the round's fixed milestones as they stand, what was typed with its problems,
/// and, once previewed, what the change would do.
/// </summary>
public sealed record TimetableView(
    Round Round,
    ImmutableArray<TimetableRow> Rows,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<FormProblem> Errors,
    TimetablePreview? Preview = null,
    string? Banner = null,
    string? Conflict = null)
{
    /// <summary>The round's fixed milestones in due order, each form field filled with its date now unless <paramref name="typed"/> gives another.</summary>
    public static TimetableView Of(Round round, IReadOnlyDictionary<string, string>? typed = null, IReadOnlyList<FormProblem>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(round);
        var rows = TimetableForm.Fixed(round)
            .Select(m => new TimetableRow(m.Id, m.Title, round.FixedDue(m.Id), m.Opens is { } opens ? round.Calendar.ToInstant(opens) : null))
            .ToImmutableArray();
        return new TimetableView(round, rows, typed ?? TimetableForm.Values(TimetableForm.Current(round)), errors ?? []);
    }

    public string? Value(string name) => Values.TryGetValue(name, out var value) ? value : null;

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;
}
