using Workflow.Core.Rounds;

namespace Workflow.Notifications.Tests.Support;

internal static class People
{
    public static Recipient Pmo { get; } = new(Role.Pmo, "Alex Morgan", "alex.morgan@nhs.net");

    public static Recipient PeerPmo { get; } = new(Role.PeerPmo, "Jo Evans", "jo.evans@nhs.net");

    public static Recipient Director { get; } = new(Role.RegionalDirector, "Sam Patel", "sam.patel@nhs.net");

    public static Recipient National { get; } = new(Role.National, "National planning team", "planning.round@england.nhs.uk");

    public static Recipient For(Role role) => role switch
    {
        Role.Pmo => Pmo,
        Role.PeerPmo => PeerPmo,
        Role.RegionalDirector => Director,
        _ => National,
    };
}
