namespace Workflow.Core.Tests.Support;

/// <summary>Instants written as a person in England would say them, with the offset stated where it matters.</summary>
internal static class London
{
    public static DateTimeOffset At(int year, int month, int day, int hour = 9, int minute = 0) =>
        TestRound.Calendar.ToInstant(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified));

    /// <summary>An instant from its exact local time and UTC offset, to check the zone rules rather than re-use them.</summary>
    public static DateTimeOffset Exactly(int year, int month, int day, int hour, int minute, int offsetHours) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(offsetHours));

    public static DateOnly LocalDate(DateTimeOffset instant) => TestRound.Calendar.LocalDate(instant);
}
