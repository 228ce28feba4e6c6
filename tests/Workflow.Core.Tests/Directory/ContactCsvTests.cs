using Workflow.Core.Directory;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Directory;

/// <summary>The contacts file people edit in a spreadsheet: what an export writes, an import reads back; what it must not hold, it names.</summary>
public sealed class ContactCsvTests
{
    private static readonly SystemDirectory Shipped = TestDirectory.Parse().GetValueOrThrow("the shipped directory");

    private static string Exported => ContactCsv.Write(Shipped.Contacts);

    private static string Key(Contact c) => $"{c.Role}|{c.Scope}|{c.Name}|{c.Email}";

    [Fact]
    public void Read_WhatWriteWrote_GivesBackEveryContact()
    {
        var read = ContactCsv.Read(Shipped, Exported);

        Assert.Empty(read.Problems);
        Assert.Equal(Shipped.Contacts.Select(Key).Order(StringComparer.Ordinal), read.Value!.Select(Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_ANameWithACommaAndQuotesAndAByteOrderMark_RoundTrips()
    {
        var pmo = Shipped.Contacts.First(c => c.Role == ContactRole.Pmo);
        var renamed = Shipped.Contacts.Select(c => c == pmo ? c with { Name = "Clarke, Sam \"Jr\"" } : c).ToList();

        var read = ContactCsv.Read(Shipped, "\uFEFF" + ContactCsv.Write(renamed));

        Assert.Empty(read.Problems);
        Assert.Contains(read.Value!, c => c.Email == pmo.Email && c.Name == "Clarke, Sam \"Jr\"");
    }

    [Fact]
    public void Read_BadColumns_EachNamedAndNothingRead()
    {
        var read = ContactCsv.Read(Shipped, "role,scope,name,name,phone\r\npmo,E54000005,A,a@example.org,1\r\n");

        Assert.Null(read.Value);
        Assert.Equal(
            ["line 1, column 4: column name is named twice", "line 1, column 5: 'phone' is not a column; the columns are role, scope, name, email", "line 1: column email is missing"],
            read.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Read_SeveralBadRows_EveryProblemListedByLineAndColumn()
    {
        var lines = Exported.TrimEnd().Split("\r\n").ToList();
        lines.Add("chief,E54000005,Chris Lee,chris@example.org");
        lines.Add("pmo,E54999999,Chris Lee,chris@example.org");
        lines.Add("pmo,E54000005,=HYPERLINK(\"x\"),chris@example.org");
        lines.Add("pmo,E54000005,Chris Lee,not an address");
        lines.Add("pmo,E54000005,Chris Lee");

        var read = ContactCsv.Read(Shipped, string.Join("\r\n", lines));

        Assert.Null(read.Value);
        var n = lines.Count;
        Assert.Equal(
        [
            $"line {n - 4}, column role",
            $"line {n - 3}, column scope",
            $"line {n - 2}, column name",
            $"line {n - 1}, column email",
            $"line {n}",
        ], read.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Read_ASystemLeftWithoutItsPmo_IsRefused()
    {
        var lines = Exported.TrimEnd().Split("\r\n").Where(l => !l.StartsWith("pmo,E54000005,", StringComparison.Ordinal));

        var read = ContactCsv.Read(Shipped, string.Join("\r\n", lines));

        Assert.Null(read.Value);
        Assert.Contains(read.Problems, p => p.Message.EndsWith("(E54000005) would have no PMO", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ThePersonListedTwiceInOneRole_IsRefusedNamingTheFirstLine()
    {
        var lines = Exported.TrimEnd().Split("\r\n").ToList();
        var first = lines.FindIndex(l => l.StartsWith("pmo,", StringComparison.Ordinal));
        lines.Add(lines[first]);

        var read = ContactCsv.Read(Shipped, string.Join("\r\n", lines));

        var problem = Assert.Single(read.Problems);
        Assert.Equal($"line {lines.Count}, column email", problem.Path);
        Assert.EndsWith($"(also at line {first + 1}, column email)", problem.Message, StringComparison.Ordinal);
    }
}
