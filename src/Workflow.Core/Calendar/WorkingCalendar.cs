using System.Collections.Frozen;

namespace Workflow.Core.Calendar;

/// <summary>
/// Working days in England (Monday to Friday, less bank holidays) and local time in Europe/London.
/// Bank holidays are only known for the years the data covers; past them the calendar can only skip
/// weekends, so callers ask <see cref="Covers"/> and warn.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly FrozenSet<DateOnly> _holidays;

    public WorkingCalendar(IEnumerable<DateOnly> bankHolidays, TimeZoneInfo timeZone, int firstYear, int lastYear)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        if (lastYear < firstYear)
        {
            throw new ArgumentOutOfRangeException(nameof(lastYear), "The calendar's last year comes before its first.");
        }
        _holidays = bankHolidays.ToFrozenSet();
        TimeZone = timeZone;
        FirstYear = firstYear;
        LastYear = lastYear;
    }

    public TimeZoneInfo TimeZone { get; }

    public int FirstYear { get; }

    public int LastYear { get; }

    public static TimeZoneInfo London { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public bool Covers(DateOnly date) => date.Year >= FirstYear && date.Year <= LastYear;

    /// <summary>The bank holidays the calendar knows, so a copy of it can be carried and built again.</summary>
    public IReadOnlyCollection<DateOnly> BankHolidays => _holidays;

    public bool IsBankHoliday(DateOnly date) => _holidays.Contains(date);

    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(date);

    /// <summary>Counts <paramref name="workingDays"/> working days forward (or back, when negative) from <paramref name="date"/>.</summary>
    public DateOnly AddWorkingDays(DateOnly date, int workingDays)
    {
        var step = Math.Sign(workingDays);
        var left = Math.Abs(workingDays);
        while (left > 0)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date))
            {
                left--;
            }
        }
        return date;
    }

    /// <summary>The first working day on or after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }
        return date;
    }

    /// <summary>The instant of a local wall-clock time; a time skipped by the spring clock change moves forward an hour.</summary>
    public DateTimeOffset ToInstant(DateOnly date, TimeOnly time) => ToInstant(date.ToDateTime(time));

    public DateTimeOffset ToInstant(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (TimeZone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }
        // In the autumn's repeated hour the earlier (summer-time) instant is meant.
        var offset = TimeZone.IsAmbiguousTime(unspecified)
            ? TimeZone.GetAmbiguousTimeOffsets(unspecified).Max()
            : TimeZone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset);
    }

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);
}
