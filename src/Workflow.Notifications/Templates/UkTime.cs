using System.Globalization;
using Workflow.Core.Calendar;

namespace Workflow.Notifications.Templates;

/// <summary>Dates and times as NHS staff read them: UK time, weekday first, "5pm" rather than "17:00".</summary>
internal static class UkTime
{
    /// <summary>"Friday 27 September 2019".</summary>
    public static string Date(DateTimeOffset at) =>
        Local(at).ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"5pm", "9:30am", "midday".</summary>
    public static string Time(DateTimeOffset at)
    {
        var local = Local(at);
        var hour = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
        var minutes = local.Minute == 0 ? "" : local.ToString(":mm", CultureInfo.InvariantCulture);
        return (local.Hour, local.Minute) switch
        {
            (12, 0) => "midday",
            (0, 0) => "midnight",
            _ => string.Create(CultureInfo.InvariantCulture, $"{hour}{minutes}{(local.Hour < 12 ? "am" : "pm")}"),
        };
    }

    /// <summary>"Friday 27 September 2019 at 5pm".</summary>
    public static string DateAndTime(DateTimeOffset at) => $"{Date(at)} at {Time(at)}";

    private static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, WorkingCalendar.London);
}
