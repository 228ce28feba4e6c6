using Workflow.Core.Access;
using Workflow.Core.Calendar;
using Workflow.Core.Directory;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Access;

public sealed class ViewerTests
{
    private static readonly SystemDirectory Directory = TestDirectory.Parse().Value!;

    private static readonly RegionCode London = new("E40000003");

    private static SystemEntry InLondon => Directory.Systems.First(s => s.Region == London);

    private static SystemEntry Elsewhere => Directory.Systems.First(s => s.Region != London);

    [Fact]
    public void For_TheNationalRole_SeesAndActsOnEverySystemAndChangesRounds()
    {
        var viewer = Viewer.For("Nadia Fox", "planning.lead@example.org", [AppRoles.National], Directory);

        Assert.All(Directory.Systems, s => Assert.True(viewer.May(Permission.Act, s)));
        Assert.True(viewer.MayChangeRounds);
        Assert.True(viewer.MaySeeRegion(London));
    }

    [Fact]
    public void For_ARegionalDirector_SeesAndActsOnTheirRegionOnly()
    {
        var viewer = Viewer.For("Alex Okafor", "Director.London@example.org", [AppRoles.Regional], Directory);

        Assert.Equal([London], viewer.Regions);
        Assert.True(viewer.May(Permission.See, InLondon));
        Assert.True(viewer.May(Permission.Act, InLondon));
        Assert.True(viewer.May(Permission.EditContacts, InLondon));
        Assert.False(viewer.May(Permission.See, Elsewhere));
        Assert.False(viewer.MaySeeRegion(Elsewhere.Region));
        Assert.False(viewer.MayChangeRounds);
    }

    [Fact]
    public void For_ADeputy_HasTheirDirectorsRegion()
    {
        var viewer = Viewer.For("Sam Clarke", "deputy.london@example.org", [AppRoles.Regional], Directory);

        Assert.Equal([London], viewer.Regions);
    }

    [Fact]
    public void For_APmo_SeesTheirOwnSystemAndActsOnNothing()
    {
        var viewer = Viewer.For("Sam Clarke", "pmo.e54000006@example.org", [AppRoles.Pmo], Directory);
        var own = Directory.Systems.Single(s => s.Code.Value == "E54000006");

        Assert.True(viewer.May(Permission.See, own));
        Assert.False(viewer.May(Permission.Act, own));
        Assert.All(Directory.Systems.Where(s => s != own), s => Assert.False(viewer.May(Permission.See, s)));
        Assert.False(viewer.MaySeeRegion(own.Region));
    }

    [Fact]
    public void For_ARoleTheDirectoryDoesNotBack_GivesNoScope()
    {
        // A director's role held by someone the directory lists only as a PMO gives them no region.
        var viewer = Viewer.For("Sam Clarke", "pmo.e54000006@example.org", [AppRoles.Regional], Directory);

        Assert.False(viewer.HasScope);
        Assert.All(Directory.Systems, s => Assert.False(viewer.May(Permission.See, s)));
    }

    [Fact]
    public void For_AListedDirectorWithoutTheRole_GetsNoRegion()
    {
        var viewer = Viewer.For("Alex Okafor", "director.london@example.org", [AppRoles.Pmo], Directory);

        Assert.False(viewer.HasScope);
    }

    [Theory]
    [InlineData(ContactRole.National, AppRoles.National)]
    [InlineData(ContactRole.RegionalDirector, AppRoles.Regional)]
    [InlineData(ContactRole.DeputyDirector, AppRoles.Regional)]
    [InlineData(ContactRole.Pmo, AppRoles.Pmo)]
    public void Implied_EachKindOfDirectoryEntry_TheRoleThatGivesItsScope(ContactRole role, string expected)
    {
        Assert.Equal(expected, AppRoles.Implied(role));
    }

    [Fact]
    public void For_EveryDirectoryPersonWithTheRolesTheirEntriesImply_HasScope()
    {
        foreach (var person in Directory.Contacts.GroupBy(c => c.Email, StringComparer.OrdinalIgnoreCase))
        {
            var viewer = Viewer.For(person.First().Name, person.Key, person.Select(c => AppRoles.Implied(c.Role)), Directory);

            Assert.True(viewer.HasScope, person.Key);
        }
    }

    private static readonly RoundId Round = new("2019-20");

    [Fact]
    public void Feeds_TheNationalTeam_EveryRegionThenEverySystem()
    {
        var viewer = Viewer.For("Nadia Fox", "planning.lead@example.org", [AppRoles.National], Directory);

        Assert.Equal(
            [.. Directory.Regions.Select(r => r.Code.Value), .. Directory.Systems.Select(s => s.Code.Value)],
            viewer.Feeds(Round, Directory).Select(f => f.Scope));
    }

    [Fact]
    public void Feeds_ADirector_TheirRegionAndItsSystems()
    {
        var viewer = Viewer.For("Alex Okafor", "director.london@example.org", [AppRoles.Regional], Directory);

        Assert.Equal(
            [London.Value, .. Directory.Systems.Where(s => s.Region == London).Select(s => s.Code.Value)],
            viewer.Feeds(Round, Directory).Select(f => f.Scope));
    }

    [Fact]
    public void Feeds_APmo_TheirOwnSystemOnly()
    {
        var viewer = Viewer.For("Sam Clarke", "pmo.e54000006@example.org", [AppRoles.Pmo], Directory);

        var feed = Assert.Single(viewer.Feeds(Round, Directory));

        Assert.Equal((new SystemCode("E54000006"), (RegionCode?)null), (feed.System!.Value, feed.Region));
    }

    [Fact]
    public void MayRead_AFeedForACodeTheDirectoryDoesNotList_IsNobodys()
    {
        var viewer = Viewer.For("Nadia Fox", "planning.lead@example.org", [AppRoles.National], Directory);

        Assert.False(viewer.MayRead(CalendarFeed.Of(Round, new SystemCode("E54000099")), Directory));
        Assert.False(viewer.MayRead(CalendarFeed.Of(Round, new RegionCode("E40000099")), Directory));
        Assert.True(viewer.MayRead(CalendarFeed.Of(Round, London), Directory));
    }

    [Fact]
    public void Listed_APersonByTheirDirectoryEntriesAlone_WithoutRegardToCase()
    {
        var director = Viewer.Listed("Director.London@example.org", Directory)!;
        var national = Viewer.Listed("planning.lead@example.org", Directory)!;

        Assert.Equal([London], director.Regions);
        Assert.False(director.IsNational);
        Assert.True(national.IsNational);
        Assert.Null(Viewer.Listed("nobody@example.org", Directory));
    }

    [Fact]
    public void Listed_OnceMovedToAnotherRegion_NoLongerReadsTheOldOne()
    {
        var moved = Directory.WithContacts(Directory.Contacts.Select(c => string.Equals(c.Email, "director.london@example.org", StringComparison.OrdinalIgnoreCase)
            ? c with { Scope = Elsewhere.Region.Value }
            : c));

        var viewer = Viewer.Listed("director.london@example.org", moved)!;

        Assert.False(viewer.MayRead(CalendarFeed.Of(Round, London), moved));
        Assert.True(viewer.MayRead(CalendarFeed.Of(Round, Elsewhere.Region), moved));
    }

    [Theory]
    [InlineData("E54000006", true)]
    [InlineData("E40000003", true)]
    [InlineData("e54000006", false)]
    [InlineData("E54000006/../E40000003", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Parse_OnlyASystemOrRegionCode(string? scope, bool parsed)
    {
        Assert.Equal(parsed, CalendarFeed.Parse(Round, scope) is not null);
    }
}
