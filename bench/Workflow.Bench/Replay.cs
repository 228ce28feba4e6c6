using Workflow.Core;
using Workflow.Core.Calendar;
using Workflow.Core.Directory;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;

namespace Workflow.Bench;

/// <summary>Everything <see cref="Simulator.Run"/> needs, loaded and checked before anything is timed.</summary>
internal sealed record Replay(string RoundJson, Round Round, SystemDirectory Directory, Scenario Scenario, IReadOnlyList<Round> Timetables)
{
    /// <summary>The 2019/20 round, calendar, directory and scenario shipped beside the tool.</summary>
    public static Replay Shipped()
    {
        var calendar = BankHolidays.Parse(Read("data", "bank-holidays-england-and-wales.csv"), WorkingCalendar.London).GetValueOrThrow("calendar");
        var roundJson = Read("rounds", "2019-20.json");
        var round = RoundParser.Parse(roundJson, calendar).GetValueOrThrow("round");
        var directory = SystemDirectory.Parse(
            Read("data", "regions-2019.csv"), Read("data", "systems-2019.csv"), Read("data", "contacts-demo.json")).GetValueOrThrow("directory");
        return For(roundJson, round, directory, Read("scenarios", "2019-20.json"));
    }

    public static Replay For(string roundJson, Round round, SystemDirectory directory, string scenarioJson)
    {
        var scenario = ScenarioParser.Parse(scenarioJson, round, directory).GetValueOrThrow("scenario");
        var timetables = Simulator.Timetables(roundJson, round, scenario).GetValueOrThrow("timetable changes");
        return new Replay(roundJson, round, directory, scenario, timetables);
    }

    /// <summary>What the benchmarks time: the replay of every system and the summary it is judged by.</summary>
    public Summary Run() => Summary.Of(Simulator.Run(Timetables, Scenario, Directory), Directory);

    private static string Read(params string[] parts) => File.ReadAllText(Path.Combine([AppContext.BaseDirectory, .. parts]));
}
