using System.Text.Json.Nodes;
using Workflow.Functions.Rounds;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Support;

/// <summary>Systems, times and files the tests share.</summary>
internal static class TestData
{
    public const string Round = "2019-20";

    /// <summary>West Yorkshire and Harrogate; its peer in the region is Humber, Coast and Vale.</summary>
    public const string System = "E54000005";

    public const string Peer = "E54000006";

    /// <summary>Greater Manchester, in another region.</summary>
    public const string OtherSystem = "E54000007";

    public const string NorthEastAndYorkshire = "E40000009";

    public static readonly TimeSpan Bst = TimeSpan.FromHours(1);

    /// <summary>Five minutes before the 2019/20 round opens (09:00 on Thursday 27 June 2019).</summary>
    public static readonly DateTimeOffset BeforeOpening = new(2019, 6, 27, 8, 55, 0, Bst);

    public static readonly DateTimeOffset Opening = new(2019, 6, 27, 9, 0, 0, Bst);

    private static readonly TimeZoneInfo LondonZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static readonly Lazy<string> ScratchFolder = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "workflow-functions-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleaning; a test run must not fail on its way out.
            }
        };
        return folder;
    });

    private static readonly Lazy<string> Few = new(() =>
    {
        string[] systems = [System, Peer, OtherSystem];
        return WriteDirectory("data", File.ReadAllLines(RepositoryFiles.PathOf("data", "systems-2019.csv")).Skip(1)
            .Where(l => systems.Any(s => l.StartsWith(s + ",", StringComparison.Ordinal))));
    });

    public static string RoundFile => RepositoryFiles.Read("rounds", "2019-20.json");

    /// <summary>A data folder with three of the 42 systems (two in one region, one in another), for tests that step through a round.</summary>
    public static string FewSystems => Few.Value;

    /// <summary>
    /// A data folder of <paramref name="count"/> made-up systems (E54100000 "Synthetic system 000", …) spread in order
    /// over the seven real regions, for pages of many rows; they have no PMOs, so a test writes their status rows itself.
    /// </summary>
    public static string ManySystems(int count)
    {
        var regions = File.ReadAllLines(RepositoryFiles.PathOf("data", "regions-2019.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        return WriteDirectory($"many-{count}-{Guid.NewGuid():N}", Enumerable.Range(0, count).Select(i =>
        {
            var region = regions[i * regions.Count / count];
            return $"E541{i:D5},Synthetic system {i:D3},{region[0]},{region[1]},Synthetic STP {i:D3}";
        }));
    }

    /// <summary>The calendar and the few systems' directory, as the service loads them.</summary>
    public static ReferenceData FewSystemsReference => FewReference.Value;

    /// <summary>The shipped round, parsed with that calendar.</summary>
    public static Workflow.Core.Rounds.Round ShippedRound => Shipped.Value;

    private static readonly Lazy<ReferenceData> FewReference = new(() =>
        ReferenceData.Load(Microsoft.Extensions.Options.Options.Create(new WorkflowOptions { DataFolder = FewSystems })));

    private static readonly Lazy<Workflow.Core.Rounds.Round> Shipped = new(() =>
        Workflow.Core.Rounds.RoundParser.Parse(RoundFile, FewSystemsReference.Calendar).GetValueOrThrow("the shipped round"));

    /// <summary>A folder of this test run's own, removed when the run ends.</summary>
    public static string Scratch => ScratchFolder.Value;

    public static string InstanceId(string system = System) => $"{Round}|{system}";

    /// <summary>Local time in Europe/London for a 2019 date, with the offset in force then.</summary>
    public static DateTimeOffset London(int month, int day, int hour = 9, int minute = 0)
    {
        var local = new DateTime(2019, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, LondonZone.GetUtcOffset(local));
    }

    /// <summary>The round file with its version and some fixed due dates changed, as a round-wide timetable change would be.</summary>
    public static string ChangedRound(int version, params (string Milestone, string Due)[] dues)
    {
        var round = JsonNode.Parse(RoundFile)!.AsObject();
        round["version"] = version;
        foreach (var milestone in round["milestones"]!.AsArray())
        {
            foreach (var (id, due) in dues.Where(d => d.Milestone == milestone!["id"]!.GetValue<string>()))
            {
                milestone!["due"] = due;
            }
        }
        return round.ToJsonString();
    }

    /// <summary>The shipped calendar, regions and contacts beside <paramref name="systemLines"/>, keeping the PMOs of those systems alone.</summary>
    private static string WriteDirectory(string name, IEnumerable<string> systemLines)
    {
        var folder = Path.Combine(Scratch, name);
        Directory.CreateDirectory(folder);
        foreach (var file in (string[])["bank-holidays-england-and-wales.csv", "regions-2019.csv"])
        {
            File.Copy(RepositoryFiles.PathOf("data", file), Path.Combine(folder, file));
        }
        var lines = systemLines.ToList();
        var systems = lines.Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        File.WriteAllLines(Path.Combine(folder, "systems-2019.csv"), [File.ReadLines(RepositoryFiles.PathOf("data", "systems-2019.csv")).First(), .. lines]);
        var contacts = JsonNode.Parse(RepositoryFiles.Read("data", "contacts-demo.json"))!.AsObject();
        var kept = contacts["contacts"]!.AsArray()
            .Where(c => c!["role"]!.GetValue<string>() != "pmo" || systems.Contains(c["scope"]!.GetValue<string>()))
            .Select(c => c!.DeepClone())
            .ToArray();
        contacts["contacts"] = new JsonArray(kept);
        File.WriteAllText(Path.Combine(folder, "contacts-demo.json"), contacts.ToJsonString());
        return folder;
    }
}
