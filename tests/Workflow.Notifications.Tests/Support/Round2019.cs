using Workflow.Core.Calendar;
using Workflow.Core.Rounds;

namespace Workflow.Notifications.Tests.Support;

/// <summary>The 2019/20 round as the repository defines it, with England's bank holidays.</summary>
internal static class Round2019
{
    /// <summary>The round file as the repository ships it.</summary>
    public static string Json { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "2019-20.json"));

    public static Round Round { get; } = Load();

    public static DateTimeOffset Due(Milestone milestone) => Round.FixedDue(milestone);

    public static DateTimeOffset DueAfter(Milestone milestone, DateTimeOffset opened) => Round.RelativeDue(milestone, opened);

    /// <summary>An instant given in UK time.</summary>
    public static DateTimeOffset London(int year, int month, int day, int hour, int minute = 0) =>
        Round.Calendar.ToInstant(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified));

    /// <summary>When the round sends a reminder <paramref name="workingDays"/> working days before <paramref name="due"/>.</summary>
    public static DateTimeOffset ReminderBefore(DateTimeOffset due, int workingDays) =>
        Round.SendTime(Round.Calendar.AddWorkingDays(Round.Calendar.LocalDate(due), -workingDays));

    private static Round Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "data");
        var calendar = BankHolidays.Parse(File.ReadAllText(Path.Combine(folder, "bank-holidays-england-and-wales.csv")), WorkingCalendar.London)
            .GetValueOrThrow("the bank holidays");
        return RoundParser.Parse(Json, calendar).GetValueOrThrow("the 2019/20 round");
    }
}
