using Workflow.LocalHost.Functions;
using Workflow.LocalHost.Tests.Sample;

namespace Workflow.LocalHost.Tests;

public sealed class FunctionTableTests
{
    private static readonly FunctionTable Sample = FunctionTable.Discover("sample", typeof(GreetingApi).Assembly);

    [Theory]
    [InlineData("ApproveGreeting", FunctionTrigger.Http, "POST", "greetings/{name}/approvals/{approver}")]
    [InlineData("Echo", FunctionTrigger.Orchestration, "", null)]
    [InlineData("Greeting", FunctionTrigger.Orchestration, "", null)]
    [InlineData("GreetingStatus", FunctionTrigger.Http, "GET", "greetings/{name}")]
    [InlineData("Ping", FunctionTrigger.Http, "", "Ping")]
    [InlineData("StartGreeting", FunctionTrigger.Http, "POST", "greetings/{name}/{delaySeconds:int}")]
    [InlineData("WriteGreeting", FunctionTrigger.Activity, "", null)]
    public void Discover_SampleAssembly_FindsFunctionWithItsTriggerMethodsAndRoute(string name, FunctionTrigger trigger, string methods, string? route)
    {
        var function = Assert.Single(Sample.Functions, f => f.Name == name);

        Assert.Equal(trigger, function.Trigger);
        Assert.Equal(methods, string.Join(",", function.HttpMethods));
        Assert.Equal(route, function.Route);
    }

    [Fact]
    public void Discover_SampleAssembly_ListsEveryFunctionOnceInNameOrder()
    {
        Assert.Equal(
            ["ApproveGreeting", "Echo", "Greeting", "GreetingStatus", "Ping", "StartGreeting", "WriteGreeting"],
            Sample.Functions.Select(f => f.Name));
    }

    [Fact]
    public void EntryPoint_HttpFunction_IsTypeAndMethodAsFunctionsMetadataNamesIt()
    {
        var status = Assert.Single(Sample.Functions, f => f.Name == "GreetingStatus");

        Assert.Equal("Workflow.LocalHost.Tests.Sample.GreetingApi.Status", status.EntryPoint);
    }

    [Theory]
    [InlineData("api", "api/greetings/{name}")]
    [InlineData("", "greetings/{name}")]
    [InlineData("/custom/", "custom/greetings/{name}")]
    public void PathOf_RoutePrefix_ComesBeforeTheRoute(string prefix, string path)
    {
        var table = FunctionTable.Discover(prefix, typeof(GreetingApi).Assembly);

        Assert.Equal(path, table.PathOf(Assert.Single(table.Functions, f => f.Name == "GreetingStatus")));
    }

    [Theory]
    [InlineData(typeof(Unsupported.ActivityWithExtraParameter), "'Extra'", "parameter 'id'")]
    [InlineData(typeof(Unsupported.OrchestratorWithInputParameter), "'TakesInput'", "TaskOrchestrationContext")]
    [InlineData(typeof(Unsupported.HttpReturningText), "'Text'", "IActionResult or IResult")]
    [InlineData(typeof(Unsupported.HttpWithUnknownParameter), "'Unknown'", "parameter 'tenant'")]
    [InlineData(typeof(Unsupported.TwoTriggers), "'Both'", "2 trigger parameters")]
    public void DiscoverTypes_FunctionThisHostCannotCall_FailsNamingItAndWhy(Type type, string name, string why)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionTable.DiscoverTypes("", type));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DiscoverTypes_TwoFunctionsOfOneName_FailsNamingBoth()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionTable.DiscoverTypes("", typeof(Unsupported.SameNameTwice)));

        Assert.Contains("SameNameTwice.First and", error.Message, StringComparison.Ordinal);
        Assert.Contains("SameNameTwice.Second", error.Message, StringComparison.Ordinal);
    }
}
