using Workflow.Core.Calendar;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Calendar;

public sealed class BankHolidaysTests
{
    private const string GovUkJson = """
        {
          "england-and-wales": {
            "division": "england-and-wales",
            "events": [
              { "title": "New Year’s Day", "date": "2019-01-01", "notes": "", "bunting": true },
              { "title": "Summer bank holiday", "date": "2019-08-26", "notes": "", "bunting": true },
              { "title": "Boxing Day", "date": "2020-12-28", "notes": "Substitute day", "bunting": true }
            ]
          },
          "scotland": {
            "division": "scotland",
            "events": [
              { "title": "2nd January", "date": "2019-01-02", "notes": "", "bunting": true },
              { "title": "Summer bank holiday", "date": "2019-08-05", "notes": "", "bunting": true }
            ]
          }
        }
        """;

    [Fact]
    public void Parse_ShippedCsv_CoversTheYearsItLists()
    {
        var loaded = BankHolidays.Parse(TestRound.BankHolidaysCsv, WorkingCalendar.London);

        var calendar = Assert.IsType<WorkingCalendar>(loaded.Value);
        Assert.Empty(loaded.Problems);
        Assert.Equal(2019, calendar.FirstYear);
        Assert.Equal(2027, calendar.LastYear);
        Assert.True(calendar.IsBankHoliday(new DateOnly(2019, 8, 26)));
        Assert.Same(WorkingCalendar.London, calendar.TimeZone);
    }

    [Fact]
    public void Parse_CsvWithCrLfAndBlankLines_ReadsEveryDate()
    {
        var loaded = BankHolidays.Parse("date,title,notes\r\n2019-08-26,Summer bank holiday,\r\n\r\n2020-12-28,Boxing Day,Substitute day\r\n", WorkingCalendar.London);

        var calendar = Assert.IsType<WorkingCalendar>(loaded.Value);
        Assert.True(calendar.IsBankHoliday(new DateOnly(2019, 8, 26)));
        Assert.True(calendar.IsBankHoliday(new DateOnly(2020, 12, 28)));
        Assert.Equal((2019, 2020), (calendar.FirstYear, calendar.LastYear));
    }

    [Fact]
    public void Parse_CsvSavedWithAByteOrderMark_ReadsTheHeaderAsAHeader()
    {
        var loaded = BankHolidays.Parse("\uFEFFdate,title,notes\n2019-08-26,Summer bank holiday,\n", WorkingCalendar.London);

        Assert.Empty(loaded.Problems);
        Assert.True(loaded.Value!.IsBankHoliday(new DateOnly(2019, 8, 26)));
    }

    [Fact]
    public void Parse_CsvWithBadDates_ListsEachByLineAndLoadsNothing()
    {
        const string csv = "date,title,notes\n2019-08-26,Summer bank holiday,\n26/12/2019,Boxing Day,\n2019-02-30,No such day,\n";

        var loaded = BankHolidays.Parse(csv, WorkingCalendar.London);

        Assert.Null(loaded.Value);
        Assert.False(loaded.Succeeded);
        Assert.Equal(
            [new Problem("line 3", "'26/12/2019' is not a date in the form yyyy-MM-dd"), new Problem("line 4", "'2019-02-30' is not a date in the form yyyy-MM-dd")],
            loaded.Problems.ToArray());
    }

    [Fact]
    public void Parse_CsvWithOnlyAHeader_SaysNoHolidaysAreListed()
    {
        var loaded = BankHolidays.Parse("date,title,notes\n", WorkingCalendar.London);

        Assert.Null(loaded.Value);
        Assert.Equal([new Problem("$", "no bank holidays are listed")], loaded.Problems.ToArray());
    }

    [Fact]
    public void Parse_GovUkJson_ReadsEnglandAndWalesOnly()
    {
        var loaded = BankHolidays.Parse(GovUkJson, WorkingCalendar.London);

        var calendar = Assert.IsType<WorkingCalendar>(loaded.Value);
        Assert.True(calendar.IsBankHoliday(new DateOnly(2019, 1, 1)));
        Assert.True(calendar.IsBankHoliday(new DateOnly(2019, 8, 26)));
        Assert.True(calendar.IsBankHoliday(new DateOnly(2020, 12, 28)));
        Assert.False(calendar.IsBankHoliday(new DateOnly(2019, 1, 2))); // Scotland's
        Assert.False(calendar.IsBankHoliday(new DateOnly(2019, 8, 5))); // Scotland's
        Assert.Equal((2019, 2020), (calendar.FirstYear, calendar.LastYear));
    }

    [Fact]
    public void Parse_GovUkJsonWithoutEnglandAndWales_SaysTheDivisionIsMissing()
    {
        const string json = """{ "scotland": { "division": "scotland", "events": [ { "title": "2nd January", "date": "2019-01-02" } ] } }""";

        var loaded = BankHolidays.Parse(json, WorkingCalendar.London);

        Assert.Null(loaded.Value);
        var problem = Assert.Single(loaded.Problems);
        Assert.Equal("$.england-and-wales", problem.Path);
        Assert.Contains("no England and Wales division", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GovUkJsonWithBadDates_ListsEachByJsonPath()
    {
        const string json = """
            { "england-and-wales": { "division": "england-and-wales", "events": [
                { "title": "New Year’s Day", "date": "2019-01-01" },
                { "title": "Good Friday", "date": "19 April 2019" },
                { "title": "Easter Monday" },
                { "title": "Early May", "date": 20190506 }
            ] } }
            """;

        var loaded = BankHolidays.Parse(json, WorkingCalendar.London);

        Assert.Null(loaded.Value);
        Assert.Equal(
            ["$.england-and-wales.events[1].date", "$.england-and-wales.events[2].date", "$.england-and-wales.events[3].date"],
            loaded.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Parse_GovUkJsonWithoutEvents_SaysSo()
    {
        var loaded = BankHolidays.Parse("""{ "england-and-wales": { "division": "england-and-wales" } }""", WorkingCalendar.London);

        Assert.Equal([new Problem("$.england-and-wales.events", "missing or not an array")], loaded.Problems.ToArray());
    }

    [Fact]
    public void Parse_MalformedJson_GivesLineAndColumn()
    {
        const string json = "{\n  \"england-and-wales\": {\n    \"events\": [ { \"date\": \"2019-01-01\" } \n  }\n}";

        var loaded = BankHolidays.Parse(json, WorkingCalendar.London);

        Assert.Null(loaded.Value);
        var problem = Assert.Single(loaded.Problems);
        Assert.Matches(@"^line 4, column \d+$", problem.Path);
    }

    [Fact]
    public void GetValueOrThrow_Failure_ListsEveryProblem()
    {
        var loaded = BankHolidays.Parse("date\nnope\nnever\n", WorkingCalendar.London);

        var ex = Assert.Throws<InvalidDataException>(() => loaded.GetValueOrThrow("bank holidays"));
        Assert.Contains("line 2: 'nope'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 3: 'never'", ex.Message, StringComparison.Ordinal);
    }
}
