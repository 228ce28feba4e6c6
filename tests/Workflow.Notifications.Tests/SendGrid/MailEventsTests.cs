using System.Text;
using System.Text.Json;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Notifications.SendGrid;

namespace Workflow.Notifications.Tests.SendGrid;

/// <summary>The webhook's events are traced back to a copy of a message by the custom args every e-mail carries.</summary>
public sealed class MailEventsTests
{
    private static IReadOnlyList<MailEvent> Parse(string json) => MailEvents.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_BounceOfOurMail_NamesTheCopyAndWhy()
    {
        var parsed = Parse("""
            [{"email":"pmo@example.org","timestamp":1568973600,"event":"bounce","sg_event_id":"ev-1","reason":"550 mailbox unavailable",
              "instance":"2019-20|E54000005","command_id":"2019-20|E54000005/timetable","recipient_role":"pmo"}]
            """);

        Assert.Equal(
            new MailEvent("ev-1", new InstanceId(new RoundId("2019-20"), new SystemCode("E54000005")), "2019-20|E54000005/timetable", "pmo@example.org",
                MailStatus.Bounced, DateTimeOffset.FromUnixTimeSeconds(1568973600), "550 mailbox unavailable", Role.Pmo),
            Assert.Single(parsed));
    }

    [Theory]
    [InlineData("delivered", MailStatus.Delivered)]
    [InlineData("deferred", MailStatus.Deferred)]
    [InlineData("bounce", MailStatus.Bounced)]
    [InlineData("dropped", MailStatus.Dropped)]
    public void Parse_DeliveryEvents_AreKept(string name, MailStatus status) =>
        Assert.Equal(status, Assert.Single(Parse(Event(name))).Status);

    [Theory]
    [InlineData("""[{"email":"a@example.org","timestamp":1568973600,"event":"open","sg_event_id":"e","instance":"2019-20|E54000005","command_id":"c"}]""")]
    [InlineData("""[{"email":"a@example.org","timestamp":1568973600,"event":"delivered","sg_event_id":"e"}]""")]
    [InlineData("""[{"email":"a@example.org","timestamp":1568973600,"event":"delivered","sg_event_id":"e","instance":"nonsense","command_id":"c"}]""")]
    [InlineData("[]")]
    public void Parse_EventsNotAboutOurDeliveries_AreLeftOut(string json) => Assert.Empty(Parse(json));

    [Theory]
    [InlineData("")]
    [InlineData("{\"event\":\"delivered\"}")]
    [InlineData("[1]")]
    [InlineData("[{\"event\":")]
    public void Parse_NotAnArrayOfEvents_Throws(string json) => Assert.ThrowsAny<JsonException>(() => Parse(json));

    private static string Event(string name) =>
        $$"""[{"email":"a@example.org","timestamp":1568973600,"event":"{{name}}","sg_event_id":"e","instance":"2019-20|E54000005","command_id":"c"}]""";
}
