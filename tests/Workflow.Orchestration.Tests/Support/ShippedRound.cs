using Workflow.Core.Calendar;
using Workflow.Core.Directory;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Orchestration.Activities;

namespace Workflow.Orchestration.Tests.Support;

/// <summary>The shipped 2019/20 round, its scenario and the 42 systems, read from the files the service ships.</summary>
internal sealed class ShippedRound
{
    private ShippedRound()
    {
        Calendar = BankHolidays.Parse(Read("data", "bank-holidays-england-and-wales.csv"), WorkingCalendar.London).GetValueOrThrow("the calendar");
        Directory = SystemDirectory.Parse(Read("data", "regions-2019.csv"), Read("data", "systems-2019.csv"), Read("data", "contacts-demo.json"))
            .GetValueOrThrow("the directory");
        Json = Read("rounds", "2019-20.json");
        Round = RoundParser.Parse(Json, Calendar).GetValueOrThrow("the round");
        Scenario = ScenarioParser.Parse(Read("scenarios", "2019-20.json"), Round, Directory).GetValueOrThrow("the scenario");
    }

    public static ShippedRound Instance { get; } = new();

    public WorkingCalendar Calendar { get; }

    public SystemDirectory Directory { get; }

    public string Json { get; }

    public Round Round { get; }

    public Scenario Scenario { get; }

    public RoundSnapshot Snapshot => RoundSnapshot.Of(Round.Version, Json, Calendar);

    private static string Read(params string[] parts) => File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "files", .. parts]));
}
