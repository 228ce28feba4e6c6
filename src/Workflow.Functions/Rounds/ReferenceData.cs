using Microsoft.Extensions.Options;
using Workflow.Core.Calendar;
using Workflow.Core.Directory;

namespace Workflow.Functions.Rounds;

/// <summary>The calendar and directory the service counts and addresses by, read once at start from the data folder.</summary>
public sealed class ReferenceData
{
    public ReferenceData(WorkingCalendar calendar, SystemDirectory directory)
    {
        Calendar = calendar;
        Directory = directory;
    }

    public WorkingCalendar Calendar { get; }

    public SystemDirectory Directory { get; }

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
