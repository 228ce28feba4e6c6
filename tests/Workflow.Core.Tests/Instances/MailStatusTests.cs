using Workflow.Core.Instances;

namespace Workflow.Core.Tests.Instances;

/// <summary>What the mail service says of a copy comes at least once and in any order; what is known stays known.</summary>
public sealed class MailStatusTests
{
    private static readonly DateTimeOffset Earlier = new(2019, 9, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Earlier.AddMinutes(30);

    [Theory]
    [InlineData(MailStatus.Delivered, "later", null, true)]
    [InlineData(MailStatus.Delivered, "later", MailStatus.Deferred, true)]
    [InlineData(MailStatus.Delivered, "earlier", MailStatus.Deferred, true)]
    [InlineData(MailStatus.Deferred, "later", MailStatus.Deferred, true)]
    [InlineData(MailStatus.Deferred, "earlier", MailStatus.Deferred, false)]
    [InlineData(MailStatus.Deferred, "later", MailStatus.Bounced, false)]
    [InlineData(MailStatus.Deferred, "later", MailStatus.Dropped, false)]
    [InlineData(MailStatus.Deferred, "later", MailStatus.Delivered, false)]
    [InlineData(MailStatus.Bounced, "later", MailStatus.Delivered, true)]
    [InlineData(MailStatus.Bounced, "earlier", MailStatus.Delivered, false)]
    [InlineData(MailStatus.Bounced, "same", MailStatus.Bounced, false)]
    public void Replaces_NewsOfACopy_KeepsTheOutcomeKnown(MailStatus next, string when, MailStatus? current, bool replaces)
    {
        var at = when switch { "later" => Later, "earlier" => Earlier.AddMinutes(-1), _ => Earlier };

        Assert.Equal(replaces, next.Replaces(at, current, Earlier));
    }
}
