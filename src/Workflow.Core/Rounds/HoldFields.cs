namespace Workflow.Core.Rounds;

/// <summary>
/// The fields of a hold, written alike in a round file and in a scenario's timetable change:
/// <c>"notBefore"</c> or <c>"fixed"</c> with a date, and an optional <c>"reason"</c>.
/// </summary>
internal static class HoldFields
{
    public const string NotBefore = "notBefore";
    public const string Fixed = "fixed";

    /// <summary>The hold, or null with every problem noted; the caller rejects unknown properties once it has read its own.</summary>
    public static MilestoneHold? Read(JsonObjectReader reader)
    {
        var hasNotBefore = reader.Has(NotBefore);
        var hasFixed = reader.Has(Fixed);
        var reason = reader.String("reason", required: false);
        if (hasNotBefore && hasFixed)
        {
            reader.Fail(Fixed, "give notBefore or fixed, not both: a milestone is either due no earlier than a date or due on it");
            return null;
        }
        if (!hasNotBefore && !hasFixed)
        {
            reader.Fail(NotBefore, "missing: give notBefore (due no earlier than the date) or fixed (due on the date)");
            return null;
        }
        var kind = hasFixed ? HoldKind.Fixed : HoldKind.NotBefore;
        return reader.LocalDate(NameOf(kind)) is { } date ? new MilestoneHold(kind, date, reason) : null;
    }

    public static string NameOf(HoldKind kind) => kind == HoldKind.Fixed ? Fixed : NotBefore;

    /// <summary>A milestone that cannot be held, said the same way wherever a hold names it.</summary>
    public static string NotHoldable(Milestone milestone) =>
        $"'{milestone.Name()}' has a fixed due date, so it cannot be held (move its due date instead); only milestones due relative to another can be: "
        + string.Join(", ", Enum.GetValues<Milestone>().Where(m => m.IsRelative()).Select(m => m.Name()));
}
