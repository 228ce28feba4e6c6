using System.CommandLine;
using Workflow.Cli.Reports;
using Workflow.Core.Simulation;

namespace Workflow.Cli;

/// <summary>The tool's commands. Exit codes: 0 done, 1 an input is not valid or the report cannot be written, 2 the command line is wrong.</summary>
internal static class Commands
{
    public const int InvalidInput = 1;
    public const int UsageError = 2;

    public static int Run(string[] args, TextWriter output, TextWriter errors, bool interactive)
    {
        var parsed = Build(output, errors, interactive).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                errors.WriteLine($"error: {error.Message}");
            }
            errors.WriteLine("Run 'workflow --help' to see the commands and their options.");
            return UsageError;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = errors });
    }

    private static RootCommand Build(TextWriter output, TextWriter errors, bool interactive)
    {
        var round = new Option<string>("--round") { Description = "Round definition (JSON)", DefaultValueFactory = _ => InputFiles.Shipped("rounds", "2019-20.json") };
        var calendar = new Option<string>("--calendar") { Description = "Bank holidays: this project's CSV or GOV.UK bank-holidays.json", DefaultValueFactory = _ => InputFiles.Shipped("data", "bank-holidays-england-and-wales.csv") };
        var data = new Option<string>("--data") { Description = "Folder with regions-2019.csv, systems-2019.csv and contacts-demo.json", DefaultValueFactory = _ => InputFiles.Shipped("data") };
        var scenario = new Option<string>("--scenario") { Description = "Scenario to replay (JSON)", DefaultValueFactory = _ => InputFiles.Shipped("scenarios", "2019-20.json") };
        var report = new Option<string?>("--report") { Description = "Where to write the JSON report of every command and final state" };
        var optionalScenario = new Option<string?>("--scenario") { Description = "Also check this scenario against the round" };
        foreach (var option in new Option[] { round, calendar, data, scenario, report, optionalScenario })
        {
            // An empty path is a slip on the command line (an unset shell variable, say); for --data it would
            // quietly mean the current folder.
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string?>() is { } path && string.IsNullOrWhiteSpace(path))
                {
                    result.AddError($"{option.Name} needs a path, not an empty value");
                }
            });
        }

        var validate = new Command("validate", "Check a round definition (and optionally a scenario) and list every problem") { round, calendar, data, optionalScenario };
        validate.SetAction(parsed =>
        {
            var files = new InputFiles(parsed.GetValue(round)!, parsed.GetValue(calendar)!, parsed.GetValue(data)!, parsed.GetValue(optionalScenario));
            if (Inputs.Load(files, errors) is not { } inputs)
            {
                return InvalidInput;
            }
            var r = inputs.Round;
            output.WriteLine($"{files.Round}: round {r.Id} version {r.Version} is valid: {r.Definition.Milestones.Count} milestones, opens {TextSummary.Date(r, r.OpensAt)}; calendar covers {r.Calendar.FirstYear}–{r.Calendar.LastYear}.");
            if (r.Holds().ToList() is { Count: > 0 } holds)
            {
                output.WriteLine($"Holds: {string.Join("; ", holds.Select(h => HoldText.Describe(r, h.Milestone, h.System, h.Hold)))}.");
            }
            if (inputs.Scenario is { } s)
            {
                output.WriteLine($"{files.Scenario}: scenario '{s.Title}' is valid: {s.Systems.Count} systems differ from the defaults.");
            }
            return 0;
        });

        var simulate = new Command("simulate", "Replay a round for every system in virtual time") { round, calendar, data, scenario, report };
        simulate.SetAction(parsed =>
        {
            var files = new InputFiles(parsed.GetValue(round)!, parsed.GetValue(calendar)!, parsed.GetValue(data)!, parsed.GetValue(scenario));
            if (Inputs.Load(files, errors) is not { Scenario: { } replay } inputs)
            {
                return InvalidInput;
            }
            // The report is opened before the replay, so a path that cannot be written is known before the wait, not after.
            var reportPath = parsed.GetValue(report);
            using var reportFile = reportPath is null ? null : Files.Create(reportPath, errors);
            if (reportPath is not null && reportFile is null)
            {
                return InvalidInput;
            }
            var progress = new ProgressBar(errors, inputs.Directory.Systems.Length, interactive);
            SimulationResult result;
            try
            {
                result = Simulator.Run(inputs.Timetables, replay, inputs.Directory, progress);
            }
            catch (ReplayNotSettledException ex)
            {
                errors.WriteLine($"error: {files.Scenario}: {ex.Message}");
                if (reportFile is not null)
                {
                    // An empty report would pass for a replay in which nothing happened.
                    reportFile.Dispose();
                    File.Delete(reportFile.Name);
                }
                return InvalidInput;
            }
            var summary = Summary.Of(result, inputs.Directory);
            TextSummary.Write(output, result, summary, inputs.Directory);
            if (reportFile is not null)
            {
                JsonReport.Write(reportFile, result, summary, inputs.Directory);
                output.WriteLine();
                output.WriteLine($"Report of every command and final state: {reportPath}");
            }
            return 0;
        });

        return new RootCommand("Planning-round workflow: check round definitions and replay rounds in virtual time") { validate, simulate };
    }
}
