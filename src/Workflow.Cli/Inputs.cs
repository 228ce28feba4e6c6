using Workflow.Core;
using Workflow.Core.Calendar;
using Workflow.Core.Directory;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;

namespace Workflow.Cli;

/// <summary>The files a command reads, with defaults shipped beside the tool.</summary>
internal sealed record InputFiles(string Round, string Calendar, string DataFolder, string? Scenario)
{
    public static string Shipped(params string[] parts) => Path.Combine([AppContext.BaseDirectory, .. parts]);
}

/// <summary>
/// Everything a replay needs, loaded and checked; or the reason it could not be. <see cref="Timetables"/> is the round
/// and then each version the scenario's timetable changes make of it.
/// </summary>
internal sealed record Inputs(Round Round, SystemDirectory Directory, Scenario? Scenario, IReadOnlyList<Round> Timetables)
{
    /// <summary>Loads every input, writing each problem and warning to <paramref name="errors"/>; null when any input is bad.</summary>
    public static Inputs? Load(InputFiles files, TextWriter errors)
    {
        var calendarText = Files.Read(files.Calendar, errors);
        var roundText = Files.Read(files.Round, errors);
        var regionsText = Files.Read(Path.Combine(files.DataFolder, "regions-2019.csv"), errors);
        var systemsText = Files.Read(Path.Combine(files.DataFolder, "systems-2019.csv"), errors);
        var contactsText = Files.Read(Path.Combine(files.DataFolder, "contacts-demo.json"), errors);
        var scenarioText = files.Scenario is { } scenarioPath ? Files.Read(scenarioPath, errors) : null;
        if (calendarText is null || roundText is null || regionsText is null || systemsText is null || contactsText is null
            || (files.Scenario is not null && scenarioText is null))
        {
            return null;
        }

        var calendar = Report(BankHolidays.Parse(calendarText, WorkingCalendar.London), files.Calendar, errors);
        var directory = Report(SystemDirectory.Parse(regionsText, systemsText, contactsText), files.DataFolder, errors);
        if (calendar is null)
        {
            return null;
        }
        var round = Report(RoundParser.Parse(roundText, calendar), files.Round, errors);
        if (round is null || directory is null)
        {
            return null;
        }
        var strangers = RoundChecks.AgainstDirectory(round, directory).ToList();
        foreach (var problem in strangers)
        {
            errors.WriteLine($"error: {files.Round}: {problem}");
        }
        if (strangers.Count > 0)
        {
            return null;
        }
        if (scenarioText is null)
        {
            return new Inputs(round, directory, null, [round]);
        }
        var scenario = Report(ScenarioParser.Parse(scenarioText, round, directory), files.Scenario!, errors);
        var timetables = scenario is null ? null : Report(Simulator.Timetables(roundText, round, scenario), files.Scenario!, errors);
        return scenario is null || timetables is null ? null : new Inputs(round, directory, scenario, timetables);
    }

    private static T? Report<T>(Loaded<T> loaded, string file, TextWriter errors)
        where T : class
    {
        foreach (var problem in loaded.Problems)
        {
            errors.WriteLine($"error: {file}: {problem}");
        }
        foreach (var warning in loaded.Warnings)
        {
            errors.WriteLine($"warning: {file}: {warning}");
        }
        return loaded.Value;
    }
}
