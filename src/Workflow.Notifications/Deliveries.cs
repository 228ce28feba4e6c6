namespace Workflow.Notifications;

/// <summary>One person's copy of a message: addressed to them, or copied to them.</summary>
internal sealed record Delivery(int Position, Recipient Recipient, bool Copied);

internal static class Deliveries
{
    /// <summary>
    /// Who gets their own copy of a message, in a fixed order (those addressed, then those copied), each person once:
    /// someone both addressed and copied is addressed.
    /// </summary>
    public static IReadOnlyList<Delivery> Of(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var deliveries = new List<Delivery>();
        foreach (var (recipient, copied) in message.To.Select(r => (r, false)).Concat(message.Copy.Select(r => (r, true))))
        {
            if (seen.Add(recipient.Email.Trim()))
            {
                deliveries.Add(new Delivery(deliveries.Count + 1, recipient, copied));
            }
        }
        return deliveries;
    }
}
