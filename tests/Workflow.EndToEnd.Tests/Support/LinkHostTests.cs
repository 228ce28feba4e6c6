namespace Workflow.EndToEnd.Tests.Support;

/// <summary>
/// Tests on their class's running service: each test checks that the service logged no error while it ran, since
/// every refusal must be a page, never an exception.
/// </summary>
public abstract class LinkHostTests(LinkHostFixture fixture) : IAsyncLifetime
{
    private int _errorsBefore;

    protected LinkHostFixture Fixture => fixture;

    internal AppHost Host => fixture.Host;

    public Task InitializeAsync()
    {
        _errorsBefore = Host.Errors.Count;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        var errors = Host.Errors.Skip(_errorsBefore).ToList();
        Assert.True(errors.Count == 0, $"The service logged {errors.Count} error(s):\n{string.Join("\n", errors)}");
        return Task.CompletedTask;
    }
}
