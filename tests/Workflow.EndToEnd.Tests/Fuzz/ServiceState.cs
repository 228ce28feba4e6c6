using System.Globalization;
using Workflow.Core;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Functions.Rounds;
using Workflow.Notifications;
using Workflow.Storage;
using Workflow.Storage.Directory;
using Workflow.Storage.Journal;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// Everything a request could change, as lines to compare: each instance's version and journal (refusals count too),
/// its undelivered messages, its status row, the mail saved, the rounds stored, the delegations, the clock as saved and
/// the documents kept.
/// </summary>
internal static class ServiceState
{
    public static async Task<IReadOnlyList<string>> TakeAsync(AppHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var lines = new List<string>();
        var directory = host.Get<ReferenceData>().Directory;
        var journal = host.Get<JournalStore>();
        foreach (var system in directory.Systems.OrderBy(s => s.Code.Value, StringComparer.Ordinal))
        {
            var id = AppHost.Id(system.Code.Value);
            var snapshot = await journal.GetAsync(id);
            var entries = await journal.ReadAsync(id);
            lines.Add(Line($"instance {id}: version {snapshot?.State.Version}, {entries.Count} journal lines, {entries.Count(e => e.Refusal is not null)} refused"));
            // The messages that could not be sent, which a resend or a failed delivery changes.
            lines.Add(Line($"undelivered {id}: {string.Join(", ", (snapshot?.State.Undelivered.Keys ?? []).Order(StringComparer.Ordinal))}"));
        }
        foreach (var row in await host.Get<StatusStore>().ListAsync(new RoundId(AppHost.Round)))
        {
            lines.Add(Line($"status {row.Instance}: version {row.Version}, {row.Stage}"));
        }
        var mail = host.Get<MailDropReader>().Folder;
        lines.Add(Line($"mail saved: {(Directory.Exists(mail) ? Directory.GetFiles(mail).Length : 0)}"));
        foreach (var (round, version, title) in await host.Get<RoundStore>().ListAsync())
        {
            lines.Add(Line($"round {round} version {version}: {title}"));
        }
        var delegations = host.Get<DelegationStore>();
        foreach (var region in directory.Regions)
        {
            lines.Add(Line($"delegations in {region.Code}: {string.Join(", ", (await delegations.ListAsync(region.Code)).Select(d => d.ToString()))}"));
        }
        lines.Add(Line($"clock saved: {await host.Get<ClockStore>().GetAsync()}"));
        var documents = new List<string>();
        await foreach (var blob in host.Get<StorageAccount>().Plans.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, CancellationToken.None))
        {
            documents.Add(blob.Name);
        }
        lines.Add(Line($"documents kept: {string.Join(", ", documents.Order(StringComparer.Ordinal))}"));
        return lines;
    }

    /// <summary>Until the state is the same twice a second apart: what the host was still doing has settled.</summary>
    public static async Task<IReadOnlyList<string>> SettledAsync(AppHost host)
    {
        var deadline = DateTime.UtcNow + AppHost.Patience;
        var last = await TakeAsync(host);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = await TakeAsync(host);
            if (now.SequenceEqual(last, StringComparer.Ordinal) || DateTime.UtcNow > deadline)
            {
                return now;
            }
            last = now;
        }
    }

    private static string Line(FormattableString line) => line.ToString(CultureInfo.InvariantCulture);
}
