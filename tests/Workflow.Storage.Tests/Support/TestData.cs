using Workflow.Core;
using Workflow.Core.Calendar;
using Workflow.Core.Directory;
using Workflow.Core.Rounds;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Support;

/// <summary>The round, calendar and directory that ship in the repository.</summary>
internal static class TestData
{
    public static string RoundJson { get; } = RepositoryFiles.Read("rounds", "2019-20.json");

    public static WorkingCalendar Calendar { get; } =
        BankHolidays.Parse(RepositoryFiles.Read("data", "bank-holidays-england-and-wales.csv"), WorkingCalendar.London)
            .GetValueOrThrow("the shipped bank holidays");

    public static Round Round { get; } = RoundParser.Parse(RoundJson, Calendar).GetValueOrThrow("the shipped round");

    public static SystemDirectory Directory { get; } = SystemDirectory.Parse(
        RepositoryFiles.Read("data", "regions-2019.csv"),
        RepositoryFiles.Read("data", "systems-2019.csv"),
        RepositoryFiles.Read("data", "contacts-demo.json")).GetValueOrThrow("the shipped directory");

    /// <summary>Humber, Coast and Vale in North East and Yorkshire, paired with West Yorkshire and Harrogate.</summary>
    public static InstanceId Instance { get; } = new(Round.Id, new SystemCode("E54000006"));

    public static RegionCode Region { get; } = new("E40000009");

    public static SystemCode Peer { get; } = new("E54000005");

    /// <summary>A London wall-clock time in 2019 as an instant.</summary>
    public static DateTimeOffset London(int month, int day, int hour = 10) => Calendar.ToInstant(new DateTime(2019, month, day, hour, 0, 0));
}
