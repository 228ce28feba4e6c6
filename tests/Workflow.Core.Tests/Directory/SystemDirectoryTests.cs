using Workflow.Core.Directory;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Directory;

public sealed class SystemDirectoryTests
{
    private const string TwoRegions = "region_code,region_name,nhs_org_code\nE40000009,North East and Yorkshire,Y63\nE40000010,North West,Y62\n";

    private const string TwoSystems = "code,name,region_code,region_name,nhse_name\n" +
        "E54000005,West Yorkshire and Harrogate,E40000009,North East and Yorkshire,WY&H\n" +
        "E54000007,Greater Manchester,E40000010,North West,GM\n";

    private static readonly SystemDirectory Shipped = TestDirectory.Parse().GetValueOrThrow("the shipped directory");

    private static string Contacts(string contact) => $$"""{ "contacts": [ {{contact}} ] }""";

    [Fact]
    public void Parse_ShippedData_Has42SystemsIn7RegionsAndNoGaps()
    {
        var loaded = TestDirectory.Parse();

        Assert.Empty(loaded.Problems);
        Assert.Empty(loaded.Warnings);
        Assert.Equal(42, Shipped.Systems.Length);
        Assert.Equal(7, Shipped.Regions.Length);
        Assert.All(Shipped.Systems, s => Assert.Contains(Shipped.Regions, r => r.Code == s.Region));
    }

    [Fact]
    public void Parse_ShippedData_EverySystemHasAPmoAndEveryRegionADirector()
    {
        Assert.All(Shipped.Systems, s => Assert.NotEmpty(Shipped.Resolve(Role.Pmo, s.Code)));
        Assert.All(Shipped.Systems, s => Assert.NotEmpty(Shipped.Resolve(Role.RegionalDirector, s.Code)));
        Assert.All(Shipped.Regions, r => Assert.Contains(Shipped.Contacts, c => c.Role == ContactRole.RegionalDirector && c.Scope == r.Code.Value));
    }

    [Fact]
    public void Deputies_Region_OnlyThatRegionsDeputyDirectors()
    {
        var london = new RegionCode("E40000003");

        var deputies = Shipped.Deputies(london).ToList();

        Assert.Equal(["deputy.london@example.org"], deputies.Select(d => d.Email));
        Assert.All(deputies, d => Assert.Equal((ContactRole.DeputyDirector, london.Value), (d.Role, d.Scope)));
        Assert.Empty(Shipped.Deputies(new RegionCode("E40000099")));
    }

    [Fact]
    public void Parse_QuotedCsvFields_KeepTheirCommas()
    {
        Assert.True(Shipped.TryGetSystem(new SystemCode("E54000006"), out var humber));

        Assert.Equal("Humber, Coast and Vale", humber.Name);
        Assert.Equal("Humber, Coast and Vale STP", humber.NhseName);
        Assert.Equal(new RegionCode("E40000009"), humber.Region);
        Assert.Equal("North East and Yorkshire", Shipped.Region(humber.Region).Name);
    }

    [Fact]
    public void Parse_DoubledQuotesInAQuotedField_AreOneQuote()
    {
        var systems = TwoSystems.Replace("Greater Manchester,", "\"Greater Manchester \"\"GM\"\", North\",", StringComparison.Ordinal);

        var directory = TestDirectory.Parse(TwoRegions, systems, Contacts("""{ "role": "national", "scope": "national", "name": "N", "email": "n@example.org" }""")).GetValueOrThrow("directory");

        Assert.True(directory.TryGetSystem(new SystemCode("E54000007"), out var gm));
        Assert.Equal("Greater Manchester \"GM\", North", gm.Name);
    }

    [Theory]
    [InlineData(Role.Pmo, null, new[] { "pmo.e54000006@example.org" })]
    [InlineData(Role.PeerPmo, "E54000005", new[] { "pmo.e54000005@example.org" })]
    [InlineData(Role.PeerPmo, null, new string[0])]
    [InlineData(Role.RegionalDirector, null, new[] { "director.north-east-and-yorkshire@example.org" })]
    [InlineData(Role.National, null, new[] { "planning.national@example.org", "planning.lead@example.org" })]
    public void Resolve_Role_GivesThePeopleWhoActInIt(Role role, string? peer, string[] emails)
    {
        var people = Shipped.Resolve(role, new SystemCode("E54000006"), peer is null ? null : new SystemCode(peer));

        Assert.Equal(emails.Order(), people.Select(c => c.Email).Order());
    }

    [Fact]
    public void Create_EntriesReadBack_ResolveAsParsedOnesDo()
    {
        var directory = SystemDirectory.Create(Shipped.Regions, Shipped.Systems, Shipped.Contacts);

        Assert.Equal(Shipped.Systems.ToArray(), directory.Systems.ToArray());
        Assert.Equal(
            Shipped.Resolve(Role.RegionalDirector, new SystemCode("E54000006")),
            directory.Resolve(Role.RegionalDirector, new SystemCode("E54000006")));
    }

    [Fact]
    public void Resolve_UnknownSystem_Throws() =>
        Assert.Throws<KeyNotFoundException>(() => Shipped.Resolve(Role.Pmo, new SystemCode("E54999999")));

    [Theory]
    [InlineData("E54000006,", "E5400006,", "'E5400006' is not a system code (E54 and six digits)")]
    [InlineData("E54000006,", "E54000005,", "system E54000005 is listed twice")]
    [InlineData("E54000006,\"Humber, Coast and Vale\",E40000009", "E54000006,\"Humber, Coast and Vale\",E40000099", "system E54000006 is in region 'E40000099', which is not listed")]
    [InlineData("E54000006,\"Humber, Coast and Vale\"", "E54000006,", "name is empty")]
    public void Parse_BadSystemRow_IsReportedByLine(string original, string replacement, string message)
    {
        var systems = TestDirectory.SystemsCsv.Replace(original, replacement, StringComparison.Ordinal);

        var loaded = TestDirectory.Parse(systems: systems);

        Assert.Null(loaded.Value);
        Assert.Contains(new Problem("systems line 3", message), loaded.Problems);
    }

    [Theory]
    [InlineData("E4000003,London,Y56", "regions line 2", "'E4000003' is not a region code (E40 and six digits)")]
    [InlineData("E40000005,London,Y56", "regions line 3", "region E40000005 is listed twice")] // the second listing is the one at fault
    [InlineData("E40000003,,Y56", "regions line 2", "region_name is empty")]
    public void Parse_BadRegionRow_IsReportedByLine(string row, string path, string message)
    {
        var regions = TestDirectory.RegionsCsv.Replace("E40000003,London,Y56", row, StringComparison.Ordinal);

        var loaded = TestDirectory.Parse(regions: regions);

        Assert.Null(loaded.Value);
        Assert.Contains(new Problem(path, message), loaded.Problems);
    }

    [Theory]
    [InlineData("""{ "role": "pmo", "scope": "E54000005", "name": "A", "email": "not-an-address" }""", "$.contacts[0].email", "'not-an-address' is not an e-mail address")]
    [InlineData("""{ "role": "pmo", "scope": "E54000005", "name": "A", "email": "a@example" }""", "$.contacts[0].email", "'a@example' is not an e-mail address")]
    [InlineData("""{ "role": "chief-executive", "scope": "E54000005", "name": "A", "email": "a@example.org" }""", "$.contacts[0].role", "unknown role 'chief-executive'")]
    [InlineData("""{ "role": "pmo", "scope": "E54000099", "name": "A", "email": "a@example.org" }""", "$.contacts[0].scope", "'E54000099' is not a pmo's scope")]
    [InlineData("""{ "role": "regional-director", "scope": "E54000005", "name": "A", "email": "a@example.org" }""", "$.contacts[0].scope", "is not a regional-director's scope")]
    [InlineData("""{ "role": "national", "scope": "E40000009", "name": "A", "email": "a@example.org" }""", "$.contacts[0].scope", "is not a national's scope")]
    [InlineData("""{ "role": "pmo", "scope": "E54000005", "email": "a@example.org" }""", "$.contacts[0].name", "missing")]
    [InlineData("""{ "role": "pmo", "scope": "E54000005", "name": "A", "email": "a@example.org", "phone": "0113" }""", "$.contacts[0].phone", "unknown property")]
    public void Parse_BadContact_IsReportedByJsonPath(string contact, string path, string message)
    {
        var loaded = TestDirectory.Parse(TwoRegions, TwoSystems, Contacts(contact));

        Assert.Null(loaded.Value);
        Assert.Contains(loaded.Problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MalformedContactsJson_GivesLineAndColumn()
    {
        var loaded = TestDirectory.Parse(contacts: "{\n  \"contacts\": [\n    { \"role\": \"pmo\" \n  ]\n}");

        Assert.Null(loaded.Value);
        Assert.Matches(@"^contacts line 4, column \d+$", Assert.Single(loaded.Problems).Path);
    }

    [Fact]
    public void Parse_SeveralBadRows_ReportsEveryOne()
    {
        var systems = TwoSystems.Replace("E54000007,", "E5400007,", StringComparison.Ordinal) + "E54000008,Cheshire,E40000099,Nowhere,C\n";

        var loaded = TestDirectory.Parse(TwoRegions, systems, Contacts("""{ "role": "boss", "scope": "E54000005", "name": "A", "email": "nope" }"""));

        Assert.Null(loaded.Value);
        Assert.Equal(
            ["$.contacts[0].email", "$.contacts[0].role", "systems line 3", "systems line 4"],
            loaded.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_NoSystems_IsAProblem()
    {
        var loaded = TestDirectory.Parse(TwoRegions, "code,name,region_code,region_name,nhse_name\n", """{ "contacts": [] }""");

        Assert.Equal([new Problem("systems", "no systems are listed")], loaded.Problems.ToArray());
    }

    [Fact]
    public void Parse_SystemOrRegionWithoutContacts_LoadsWithWarnings()
    {
        var loaded = TestDirectory.Parse(TwoRegions, TwoSystems, Contacts("""{ "role": "pmo", "scope": "E54000005", "name": "A", "email": "a@example.org" }"""));

        Assert.NotNull(loaded.Value);
        Assert.Equal(
            [
                "system E54000007 (Greater Manchester) has no PMO contact",
                "region E40000009 (North East and Yorkshire) has no regional director",
                "region E40000010 (North West) has no regional director",
                "there is no national team contact",
            ],
            loaded.Warnings.Select(w => w.Message));
    }
}
