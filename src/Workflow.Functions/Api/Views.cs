using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Exports;
using Workflow.Functions.Pages;
using Workflow.Functions.Rounds;
using Workflow.Storage.Deliveries;
using Workflow.Storage.Json;

namespace Workflow.Functions.Api;

internal static class Views
{
    // The journal's own reading of an event, with its instants written as the rest of the API writes them.
    private static readonly StorageJson EventJson = new(new JsonSerializerOptions(StorageJson.Default.Options) { Converters = { new OffsetInstantConverter() } });

    public static string Kebab<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static PreviewView Of(Round round, IReadOnlyList<SystemPreview> previews, SystemDirectory directory) => new(
        round.Id.Value,
        round.Version,
        previews.Count,
        [.. previews.Select(p => new SystemPreviewView(
            p.Instance.System.Value,
            directory.TryGetSystem(p.Instance.System, out var system) ? system.Name : p.Instance.System.Value,
            p.Refusal,
            [.. p.Moves.Select(m => new MoveView(m.Key.ToString(), m.Title, m.From, m.To))],
            Sends(p.Sends)))]);

    public static ForecastApiView Of(Round round, ForecastView view) => new(
        round.Id.Value,
        round.Version,
        Kebab(view.Forecast.Assumption),
        view.Query.Weeks,
        view.Forecast.From,
        view.Forecast.Until,
        new NationalPlanForecastView(view.Forecast.NationalPlan.Due, view.Forecast.NationalPlan.ReadyAt, view.Forecast.NationalPlan.Outstanding, view.Forecast.NationalPlan.ReadyByDue),
        [.. view.Forecast.Systems.Select(s => (Forecast: s, System: view.Entries[s.Instance.System])).OrderBy(s => s.System.Code.Value, StringComparer.Ordinal).Select(s => new SystemForecastView(
            s.System.Code.Value, s.System.Name, s.System.Region.Value, Kebab(s.Forecast.End.Stage), Sends(s.Forecast.Sends), s.Forecast.SettledAt))]);

    private static SendView[] Sends(IEnumerable<Command> commands) => [.. commands.Select(c => new SendView(c.Id, Kebab(c.Kind), c.Key?.ToString(), c.At, c.Due))];

    public static RoundView Of(Round round, RoundSuspension? suspension) => Of(round) with
    {
        Suspension = suspension is { } s ? new SuspensionView(s.IsOpen, s.Since, s.By, s.Reason, s.ResumedAt, s.ResumedBy) : null,
    };

    public static RoundView Of(Round round) => new(
        round.Id.Value,
        round.Version,
        round.Definition.Title,
        round.OpensAt,
        [.. round.Definition.Milestones.Values.OrderBy(m => m.Id).Select(m => new MilestoneView(
            m.Id.Name(),
            m.Title,
            m.Deadline is FixedDeadline ? round.FixedDue(m.Id) : null,
            (m.Deadline as RelativeDeadline)?.WorkingDays,
            m.Optional,
            (m.Deadline as RelativeDeadline)?.Hold is { } hold ? new HoldView(Kebab(hold.Kind), hold.Date, hold.Reason) : null))]);

    /// <param name="history">The journal, oldest first; null to leave the history out.</param>
    /// <param name="deliveries">Who has had each message, by command id, so each message in the history says whether it went out.</param>
    public static InstanceView Of(
        InstanceState state, Round round, SystemDirectory directory, DateTimeOffset now, RuntimeView? runtime,
        IReadOnlyList<JournalEntry>? history = null, ILookup<string, CopyDelivery>? deliveries = null)
    {
        var status = InstanceStatus.Of(state, round, now);
        directory.TryGetSystem(state.Id.System, out var system);
        var failed = (history ?? []).Select(e => e.Event).OfType<DeliveryFailed>().GroupBy(f => f.Command.Id).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        return new InstanceView(
            state.Id.ToString(), state.Id.Round.Value, state.Id.System.Value, system?.Name ?? "", state.Region.Value,
            Kebab(state.Stage), state.IsSuspended, state.WithdrawnAt is not null, state.PlanVersion, state.Version, state.RoundVersion,
            state.Peer?.Value, status.NextMilestone, status.NextDue, status.IsOverdueAt(now), Kebab(status.Escalation),
            state.Completed.OrderBy(p => p.Value).ToDictionary(p => p.Key.ToString(), p => p.Value),
            [.. state.Undelivered.Values.OrderBy(u => u.FailedAt).Select(Of)],
            runtime,
            history?.Select(e => new EventView(e.Version, e.Event.GetType().Name, e.Event.At, JsonSerializer.SerializeToElement(e.Event, EventJson.InstanceEvent),
                e.EventId, e.Refusal, e.Event is CommandIssued issued && e.Refusal is null ? Delivery(issued.Command, deliveries, failed) : null)).ToList());
    }

    public static UndeliveredView Of(UndeliveredCommand undelivered) => new(
        undelivered.Command.Id, Kebab(undelivered.Command.Kind), undelivered.Command.Milestone?.Name(), undelivered.FailedAt, undelivered.Reason);

    public static RuntimeView? Of(OrchestrationMetadata? metadata) => metadata is null ? null
        : new RuntimeView(Kebab(metadata.RuntimeStatus), metadata.CreatedAt, metadata.LastUpdatedAt);

    private static DeliveryView Delivery(Command command, ILookup<string, CopyDelivery>? deliveries, Dictionary<string, DeliveryFailed> failed)
    {
        var sent = deliveries?[command.Id].Select(d => new RecipientView(d.Email, d.SentAt, d.Status is { } status ? Kebab(status) : null, d.Reason)).ToList() ?? [];
        return failed.TryGetValue(command.Id, out var failure) ? new DeliveryView("failed", sent, failure.Reason)
            : new DeliveryView(sent.Count > 0 ? "sent" : "pending", sent, null);
    }

    public static StatusView Of(InstanceStatus status, SystemDirectory directory, DateTimeOffset now)
    {
        directory.TryGetSystem(status.Instance.System, out var system);
        return new StatusView(
            status.Instance.Round.Value, status.Instance.System.Value, system?.Name ?? "", status.Region.Value, Kebab(status.Stage),
            status.Suspended, status.PlanVersion, status.NextMilestone, status.NextDue, status.IsOverdueAt(now), Kebab(status.Escalation),
            status.EscalatedMilestone, status.Version, status.UpdatedAt);
    }

    /// <summary>The statuses as a CSV file, a line per system, with due dates in UK time as people there read them.</summary>
    internal static IResult Csv(IEnumerable<StatusView> rows, string fileName) => CsvExport.Result(
        fileName,
        ["round", "system", "name", "region", "stage", "suspended", "plan_version", "next_milestone", "next_due", "overdue", "escalation", "escalated_milestone"],
        rows.Select(r => (IReadOnlyList<string>)[
            r.Round, r.System, r.Name, r.Region, r.Stage, YesNo(r.Suspended), r.PlanVersion.ToString(CultureInfo.InvariantCulture),
            r.NextMilestone ?? "", r.NextDue is { } due ? Local(due) : "", YesNo(r.Overdue), r.Escalation, r.EscalatedMilestone ?? ""]));

    /// <summary>An instant in UK time with its offset, to the minute, as the exports write every time.</summary>
    internal static string Local(DateTimeOffset at) => OffsetInstantConverter.InLondon(at).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    private static string YesNo(bool value) => value ? "yes" : "no";
}
