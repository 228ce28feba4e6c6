using System.Text.Json;
using Azure.Messaging;
using Workflow.Notifications.Events;
using Workflow.Notifications.Tests.Support;

namespace Workflow.Notifications.Tests.Events;

public sealed class PlanCloudEventsTests
{
    [Fact]
    public void ToJson_PlanSubmitted_IsACloudEvent10WithEveryAttribute()
    {
        using var json = JsonDocument.Parse(PlanCloudEvents.ToJson(PlanEventBuilder.Submitted()).ToString());
        var root = json.RootElement;

        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal("2019-20|E54000006/event/7", root.GetProperty("id").GetString());
        Assert.Equal("uk.nhs.england.planning-round.plan.submitted", root.GetProperty("type").GetString());
        Assert.Equal("/rounds/2019-20/systems/E54000006", root.GetProperty("source").GetString());
        Assert.Equal("E54000006", root.GetProperty("subject").GetString());
        Assert.Equal("2019-09-20T10:30:00+01:00", root.GetProperty("time").GetString());
        Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());
        Assert.False(root.TryGetProperty("data_base64", out _));
    }

    [Fact]
    public void ToJson_PlanSubmitted_DataHasTheInstanceThenTheTypesFields()
    {
        using var json = JsonDocument.Parse(PlanCloudEvents.ToJson(PlanEventBuilder.Submitted()).ToString());

        Assert.Equal(
            """{"round":"2019-20","system":"E54000006","region":"E40000009","stage":"FinalDue","milestone":"draft","planVersion":0,"reference":"plans/draft.pdf"}""",
            json.RootElement.GetProperty("data").GetRawText());
    }

    [Fact]
    public void ToJson_FieldWithoutAValue_WrittenAsNull()
    {
        using var json = JsonDocument.Parse(PlanCloudEvents.ToJson(PlanEventBuilder.EscalatedWithoutMilestone()).ToString());

        Assert.Equal(
            """{"round":"2019-20","system":"E54000006","region":"E40000009","stage":"Drafting","milestone":null,"level":"national","due":null}""",
            json.RootElement.GetProperty("data").GetRawText());
    }

    [Fact]
    public void ToJson_ParsedBackByAzureCore_SameEvent()
    {
        var planEvent = PlanEventBuilder.Submitted();

        var parsed = CloudEvent.Parse(PlanCloudEvents.ToJson(planEvent))!;

        Assert.Equal(planEvent.Id, parsed.Id);
        Assert.Equal(planEvent.Type, parsed.Type);
        Assert.Equal(planEvent.Source, parsed.Source);
        Assert.Equal(planEvent.Subject, parsed.Subject);
        Assert.Equal(planEvent.Time, parsed.Time);
        Assert.Equal(0, parsed.Data!.ToObjectFromJson<JsonElement>().GetProperty("planVersion").GetInt32());
    }
}
