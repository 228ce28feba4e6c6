using Microsoft.Playwright;
using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Support;

/// <summary>
/// One headless Chromium for the collection: Debian's <c>chromium</c> at <see cref="ExecutablePath"/>, driven by
/// Playwright's driver from its NuGet package. Playwright's own browser download is never used (it cannot be
/// reached here, and the tests must run on what <c>scripts/test.sh</c> installs). Launched on first use, so tests
/// that need no browser never wait for it; a missing browser fails the tests that need one, with what to do.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly Lazy<Task<IBrowser>> _browser;
    private IPlaywright? _playwright;

    public BrowserFixture()
    {
        _browser = new(LaunchAsync);
    }

    /// <summary>Where screenshots go: TestResults/screenshots in the repository, beside the test results, kept after the run.</summary>
    public static string ScreenshotFolder { get; } = RepositoryFiles.PathOf("TestResults", "screenshots");

    /// <summary>The browser, launched on first use.</summary>
    public Task<IBrowser> BrowserAsync() => _browser.Value;

    private async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ExecutablePath}. Install Debian's package (apt-get update && apt-get install -y chromium), " +
                "as scripts/test.sh does; Playwright's own browser download is not used.");
        }
        _playwright = await Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser.IsValueCreated && _browser.Value.IsCompletedSuccessfully)
        {
            await (await _browser.Value).DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
