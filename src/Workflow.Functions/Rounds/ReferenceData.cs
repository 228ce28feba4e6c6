using Microsoft.Extensions.Options;
using Workflow.Core.Calendar;
using Workflow.Core.Directory;

namespace Workflow.Functions.Rounds;

/// <summary>
/// The calendar and directory the service counts and addresses by, read at start from the data folder. The contacts
/// are the one part that changes while the service runs: the directory's pages change them in storage, and
/// <see cref="ContactsRefresh"/> brings them here.
/// </summary>
public sealed class ReferenceData
{
    private volatile SystemDirectory _directory;

    public ReferenceData(WorkingCalendar calendar, SystemDirectory directory)
    {
        Calendar = calendar;
        _directory = directory;
    }

    public WorkingCalendar Calendar { get; }

    /// <summary>The systems and regions of the data folder, with the contacts as they last stood in storage.</summary>
    public SystemDirectory Directory => _directory;

    /// <summary>Takes the contacts as they now stand; the systems and regions never change while the service runs.</summary>
    public void UseContacts(IEnumerable<Contact> contacts) => _directory = _directory.WithContacts(contacts);

    /// <summary>Loads the files, or fails the start with every problem listed.</summary>
    public static ReferenceData Load(IOptions<WorkflowOptions> options)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, options.Value.DataFolder);
        string Read(string name) => File.ReadAllText(Path.Combine(folder, name));
        var calendar = BankHolidays.Parse(Read("bank-holidays-england-and-wales.csv"), WorkingCalendar.London)
            .GetValueOrThrow("The bank-holiday calendar");
        var directory = SystemDirectory.Parse(Read("regions-2019.csv"), Read("systems-2019.csv"), Read("contacts-demo.json"))
            .GetValueOrThrow("The directory");
        return new ReferenceData(calendar, directory);
    }
}
