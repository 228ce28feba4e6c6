using Azure;
using Workflow.Storage.Directory;

namespace Workflow.Functions.Rounds;

/// <summary>
/// Keeps <see cref="ReferenceData.Directory"/>'s contacts as storage holds them. The access rules judge every request
/// by them and cannot wait on storage each time, so a contact changed on another instance of the app counts here
/// within <see cref="Interval"/>; one changed on this instance counts at once (the directory's pages hand it over).
/// A director taken off the directory loses their access with it.
/// </summary>
public sealed class ContactsRefresh(DirectoryStore store, ReferenceData reference, ILogger<ContactsRefresh> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (await store.ContactsAsync(cancellationToken) is { } stored)
        {
            reference.UseContacts(stored.Contacts);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The machine's seconds, not the service's clock: a virtual clock running days a second would read storage
        // without pause, and how stale a copy may be is a matter of real time.
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (RequestFailedException ex)
            {
                // The contacts last read stand until storage answers again.
                Log.ContactsNotRefreshed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
