using Workflow.Functions.Rounds;
using Workflow.Storage;
using Workflow.Storage.Directory;

namespace Workflow.Functions;

/// <summary>
/// What happens once before any function runs: storage made ready (the data-protection keys live in a table), the
/// directory seeded, and a virtual clock set as it was last set, so the service reads the time the orchestrations read.
/// </summary>
public sealed class StorageStart(StorageAccount account, DirectoryStore directory, ReferenceData reference, ClockStore clocks, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await account.InitializeAsync(cancellationToken);
        await directory.SeedAsync(reference.Directory, cancellationToken);
        if (time is not VirtualClock clock)
        {
            return;
        }
        if (await clocks.GetAsync(cancellationToken) is { } saved)
        {
            clock.Resume(saved);
        }
        await clocks.SaveAsync(clock.Setting(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
