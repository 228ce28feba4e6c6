namespace Workflow.Core.Rounds;

/// <summary>
/// The round's latest suspension of every running system at once, numbered from 1, and its end once resumed. Each
/// instance keeps its own record of the suspension too; this one says who suspended the whole round, why, and since when.
/// </summary>
public sealed record RoundSuspension(int Number, DateTimeOffset Since, string By, string Reason, DateTimeOffset? ResumedAt = null, string? ResumedBy = null)
{
    public bool IsOpen => ResumedAt is null;

    /// <summary>Why the round cannot be suspended now, or null when it can: a suspension ends before the next begins.</summary>
    public static string? RefuseSuspension(RoundSuspension? current) =>
        current is { IsOpen: true } ? $"the round has been suspended since {current.Since:O} by {current.By}; resume it first" : null;

    /// <summary>The suspension after <paramref name="current"/>, which begins now.</summary>
    public static RoundSuspension Next(RoundSuspension? current, DateTimeOffset at, string by, string reason) =>
        new((current?.Number ?? 0) + 1, at, by, reason);

    /// <summary>Why the round cannot be resumed now, or null when it can.</summary>
    public string? RefuseResumption() => IsOpen ? null : $"the round is not suspended; it was resumed at {ResumedAt:O} by {ResumedBy}";

    public RoundSuspension Resume(DateTimeOffset at, string by) => this with { ResumedAt = at, ResumedBy = by };
}
