using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>Hostile values particular to the API's route values and bodies: codes that are nearly right, round files that are nearly valid.</summary>
internal static class ApiValues
{
    public static IReadOnlyList<(string What, string Value)> Rounds { get; } =
    [
        ("unknown round", "2019-21"),
        ("trailing space", "2019-20%20"),
        ("leading space", "%202019-20"),
        ("trailing dot", "2019-20."),
        ("leading hyphen", "-2019"),
        ("33 characters", "2019-20-and-a-name-longer-than-a"),
    ];

    public static IReadOnlyList<(string What, string Value)> Systems { get; } =
    [
        ("unknown system", "E54000099"),
        ("lower case", "e54000010"),
        ("one digit short", "E5400001"),
        ("one digit more", "E540000100"),
        ("trailing space", "E54000010%20"),
        ("full-width letter", "%EF%BC%A554000010"),
        ("region code", "E40000008"),
    ];

    public static IReadOnlyList<(string What, string Value)> Regions { get; } =
    [
        ("unknown region", "E40000099"),
        ("lower case", "e40000003"),
        ("one digit short", "E4000003"),
        ("trailing space", "E40000003%20"),
        ("system code", "E54000010"),
        ("region name", "North%20West"),
    ];

    public static IReadOnlyList<(string What, string Value)> EventNames { get; } =
    [
        ("upper case", "SUBMISSION"),
        ("capitalised", "Decision"),
        ("trailing space", "submission%20"),
        ("NUL after", "submission%00"),
        ("another route's word", "raiseEvent"),
        ("unknown event", "resignation"),
        ("prototype", "__proto__"),
    ];

    public static IReadOnlyList<(string What, string Value)> Operations { get; } =
    [
        ("upper case", "SUSPEND"),
        ("capitalised", "Restart"),
        ("trailing space", "restart%20"),
        ("NUL after", "purge%00"),
        ("semicolon after", "terminate;"),
        ("percent-encoded letter", "%73uspend"),
        ("unknown operation", "delete"),
    ];

    /// <summary>The round file the service runs, for mutations that each make it one a caller must not get stored.</summary>
    public static string RoundFile { get; } = RepositoryFiles.Read("rounds", "2019-20.json");

    /// <summary>Round files for a new round that each break one rule: none may be stored.</summary>
    public static IEnumerable<HostileBody> NewRoundFiles() =>
    [
        Round("id given twice", ("\"id\": \"2019-20\",", "\"id\": \"2020-21\", \"id\": \"2020-22\",")),
        Round("unknown property", ("\"id\": \"2019-20\",", "\"id\": \"2020-21\", \"administrators\": [\"x\"],")),
        Round("version as text", ("\"id\": \"2019-20\",", "\"id\": \"2020-21\","), ("\"version\": 1,", "\"version\": \"1\",")),
        Round("version past any number", ("\"id\": \"2019-20\",", "\"id\": \"2020-21\","), ("\"version\": 1,", "\"version\": 1e40,")),
        Round("version below one", ("\"id\": \"2019-20\",", "\"id\": \"2020-21\","), ("\"version\": 1,", "\"version\": -1,")),
        Round("id with a control character", ("\"id\": \"2019-20\",", "\"id\": \"2020\\u000021\",")),
        Round("id with a path", ("\"id\": \"2019-20\",", "\"id\": \"../2020-21\",")),
        Round("id of 300 characters", ("\"id\": \"2019-20\",", $"\"id\": \"{new string('a', 300)}\",")),
        Round("a date that does not exist", ("\"id\": \"2019-20\",", "\"id\": \"2020-21\","), ("2019-09-27T17:00", "2019-02-30T17:00")),
        Round("a time zone that does not exist", ("\"id\": \"2019-20\",", "\"id\": \"2020-21\","), ("Europe/London", "Mars/Olympus_Mons")),
        Round("nested 1,000 deep", ("\"id\": \"2019-20\",", $"\"id\": \"2020-21\", \"title\": {new string('[', 1000)}{new string(']', 1000)},")),
        Round("the stored round changed, same version", ("NHS Long Term Plan", "A changed")),
        Round("the stored round's title with a line break", ("NHS Long Term Plan", "NHS\\r\\nX-Injected: 1 Long Term Plan")),
        Round("id with a line break", ("\"id\": \"2019-20\",", "\"id\": \"2020\\r\\n21\",")),
    ];

    /// <summary>A sound change of the running round's timetable (version 2, the final plan a week later): only ever sent where it is refused for another reason.</summary>
    public static string SoundChange => RoundFile.Replace("\"version\": 1,", "\"version\": 2,", StringComparison.Ordinal)
        .Replace("2019-11-15T17:00", "2019-11-22T17:00", StringComparison.Ordinal);

    /// <summary>Changed timetables for the running round that each break one rule: none may be applied.</summary>
    public static IEnumerable<HostileBody> Timetables() =>
    [
        Round("same version", ("2019-11-15T17:00", "2019-11-22T17:00")),
        Round("version given twice", ("\"version\": 1,", "\"version\": 2, \"version\": 3,"), ("2019-11-15T17:00", "2019-11-22T17:00")),
        Round("unknown property", ("\"version\": 1,", "\"version\": 2, \"force\": true,"), ("2019-11-15T17:00", "2019-11-22T17:00")),
        Round("renames the round", ("\"id\": \"2019-20\",", "\"id\": \"2019-21\","), ("\"version\": 1,", "\"version\": 2,")),
        Round("final due in the year 9999", ("\"version\": 1,", "\"version\": 2,"), ("2019-11-15T17:00", "9999-12-31T17:00")),
        Round("final due before the year 1", ("\"version\": 1,", "\"version\": 2,"), ("2019-11-15T17:00", "0000-12-31T17:00")),
        Round("version past any number", ("\"version\": 1,", "\"version\": 99999999999,")),
        Round("a title with a line break, same version", ("NHS Long Term Plan", "NHS\\r\\nX-Injected: 1 Long Term Plan")),
    ];

    private static HostileBody Round(string what, params (string Old, string New)[] changes)
    {
        var json = RoundFile;
        foreach (var (old, replacement) in changes)
        {
            Assert.Contains(old, json, StringComparison.Ordinal);
            json = json.Replace(old, replacement, StringComparison.Ordinal);
        }
        return HostileBody.Json("round file: " + what, json);
    }
}
