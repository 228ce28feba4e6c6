using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.Core.Directory;

namespace Workflow.Bench;

/// <summary>
/// A made-up round of many systems (E54100000, E54100001, …) spread over the seven real regions, with the real
/// regional directors and national team, and per-system behaviour varied deterministically by index.
/// </summary>
internal static class SyntheticRound
{
    public static Replay Build(Replay shipped, int count)
    {
        var files = DirectoryFiles(shipped, count);
        var directory = SystemDirectory.Parse(files.Regions, files.Systems, files.Contacts).GetValueOrThrow("synthetic directory");
        return Replay.For(shipped.RoundJson, shipped.Round, directory, Scenario(shipped, count).ToJsonString());
    }

    /// <summary>A data folder the service can load: the shipped bank holidays and the synthetic directory, under the shipped file names.</summary>
    public static DirectoryInfo WriteDataFolder(Replay shipped, int count)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("workflow-bench-data");
        var files = DirectoryFiles(shipped, count);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "data", "bank-holidays-england-and-wales.csv"), Path.Combine(folder.FullName, "bank-holidays-england-and-wales.csv"));
        File.WriteAllText(Path.Combine(folder.FullName, "regions-2019.csv"), files.Regions);
        File.WriteAllText(Path.Combine(folder.FullName, "systems-2019.csv"), files.Systems);
        File.WriteAllText(Path.Combine(folder.FullName, "contacts-demo.json"), files.Contacts);
        return folder;
    }

    private static (string Regions, string Systems, string Contacts) DirectoryFiles(Replay shipped, int count)
    {
        var regions = shipped.Directory.Regions;
        var regionsCsv = new StringBuilder("region_code,region_name,nhs_org_code\n");
        foreach (var region in regions)
        {
            regionsCsv.Append(CultureInfo.InvariantCulture, $"{region.Code},{region.Name},{region.OrgCode}\n");
        }

        var systemsCsv = new StringBuilder("code,name,region_code,region_name,nhse_name\n");
        var contacts = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var region = regions[i * regions.Length / count];
            systemsCsv.Append(CultureInfo.InvariantCulture, $"{Code(i)},Synthetic system {i},{region.Code},{region.Name},Synthetic STP {i}\n");
            contacts.Add(Contact("pmo", Code(i), $"PMO {i}", $"pmo.{Code(i).ToLowerInvariant()}@example.org"));
        }
        foreach (var contact in shipped.Directory.Contacts.Where(c => c.Role is ContactRole.RegionalDirector or ContactRole.DeputyDirector or ContactRole.National))
        {
            contacts.Add(Contact(contact.Role == ContactRole.RegionalDirector ? "regional-director" : contact.Role == ContactRole.DeputyDirector ? "deputy-director" : "national",
                contact.Scope, contact.Name, contact.Email));
        }
        return (regionsCsv.ToString(), systemsCsv.ToString(), new JsonObject { ["contacts"] = contacts }.ToJsonString());
    }

    public static string Code(int index) => $"E541{index:D5}";

    private static JsonObject Scenario(Replay shipped, int count)
    {
        var systems = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            if (Behaviour(i) is { Count: > 0 } behaviour)
            {
                systems[Code(i)] = behaviour;
            }
        }
        return new JsonObject
        {
            ["round"] = shipped.Round.Id.Value,
            ["title"] = $"Synthetic round of {count} systems",
            ["peerPairing"] = new JsonObject { ["at"] = "2019-10-01T10:00" },
            ["defaults"] = new JsonObject
            {
                ["draft"] = FromDue(-1, "15:00"),
                ["regionalFeedback"] = new JsonObject { ["workingDaysAfterDraft"] = 10, ["time"] = "11:00" },
                ["peerFeedback"] = FromDue(0, "12:00"),
                ["final"] = FromDue(0, "14:00"),
                ["decisions"] = new JsonArray(Decision("agreed", 6)),
                ["resubmission"] = FromDue(-2, "12:00"),
                ["publication"] = FromDue(-5, "10:00"),
            },
            ["systems"] = systems,
        };
    }

    /// <summary>Every 7th system drafts 2 working days late, every 11th is sent back once, and so on; some get several.</summary>
    private static JsonObject Behaviour(int i)
    {
        var behaviour = new JsonObject();
        if (i % 7 == 0)
        {
            behaviour["draft"] = FromDue(2, "12:00");
        }
        if (i % 11 == 0)
        {
            behaviour["decisions"] = new JsonArray(Decision("changes-requested", 5, "Please add the mental health investment standard figures."), Decision("agreed", 3));
        }
        if (i % 13 == 0)
        {
            behaviour["footprintNotices"] = new JsonArray(new JsonObject
            {
                ["at"] = "2019-07-16T10:30", ["source"] = "local-authority", ["from"] = "A district council",
                ["summary"] = "Asks to review which partnership it belongs to.", ["acknowledgedAfterWorkingDays"] = 3,
            });
        }
        if (i % 17 == 0)
        {
            behaviour["extensions"] = new JsonArray(new JsonObject
            {
                ["milestone"] = "final", ["grantedAt"] = "2019-11-08T12:00", ["newDue"] = "2019-11-22T17:00",
                ["reason"] = "Finance plan awaits a trust board.", ["grantedBy"] = "regional director",
            });
        }
        if (i % 19 == 0)
        {
            behaviour["suspensions"] = new JsonArray(new JsonObject
            {
                ["from"] = "2019-10-14T09:00", ["to"] = "2019-10-28T09:00", ["reason"] = "Interim leadership arrangements.",
            });
        }
        return behaviour;
    }

    private static JsonObject FromDue(int workingDays, string time) => new() { ["workingDaysFromDue"] = workingDays, ["time"] = time };

    private static JsonObject Decision(string outcome, int workingDays, string? comment = null)
    {
        var decision = new JsonObject { ["outcome"] = outcome, ["workingDaysAfterSubmission"] = workingDays, ["time"] = "12:00" };
        if (comment is not null)
        {
            decision["comment"] = comment;
        }
        return decision;
    }

    private static JsonObject Contact(string role, string scope, string name, string email) =>
        new() { ["role"] = role, ["scope"] = scope, ["name"] = name, ["email"] = email };
}
