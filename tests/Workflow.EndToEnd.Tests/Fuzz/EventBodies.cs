using System.Text.Json.Nodes;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// Bodies for the events an instance takes over HTTP, each a well-shaped request with one thing broken: a field missing,
/// of the wrong type, given twice, too long, or not one of the words it must be; or a property the event does not have.
/// </summary>
internal static class EventBodies
{
    /// <summary>Each event's request with every field filled as a caller would.</summary>
    public static IReadOnlyList<(string Event, string Json)> Shapes { get; } =
    [
        ("submission", """{"milestone": "draft", "by": "Fuzz PMO", "reference": "https://plans.example.org/plan.pdf"}"""),
        ("decision", """{"outcome": "agreed", "planVersion": 1, "by": "Fuzz Director", "comment": "Fine"}"""),
        ("extension", """{"milestone": "agreement", "newDue": "2019-12-20T17:00", "reason": "Board moved", "grantedBy": "National team"}"""),
        ("footprint-notice", """{"source": "system", "from": "A council", "summary": "A change"}"""),
        ("footprint-acknowledgement", """{"notice": 1, "by": "Fuzz Director"}"""),
        ("peer", """{"peer": "E54000027"}"""),
        ("peer-feedback", """{"reviewer": "E54000027", "by": "Fuzz PMO", "comment": "Fine"}"""),
        ("regional-feedback", """{"by": "Fuzz Director", "comment": "Fine"}"""),
        ("publication", """{"url": "https://plans.example.org/published", "by": "Fuzz PMO"}"""),
        ("resend", """{"commandId": "cmd-1", "by": "National team"}"""),
    ];

    /// <summary>Fields a request cannot do without (blank counts as missing).</summary>
    private static readonly HashSet<string> Optional = new(StringComparer.Ordinal) { "reference", "comment" };

    /// <summary>Fields whose value must be one of a few words.</summary>
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal) { "milestone", "outcome", "source" };

    public static IEnumerable<(string Event, HostileBody Body)> All()
    {
        foreach (var (name, json) in Shapes)
        {
            var shape = JsonNode.Parse(json)!.AsObject();
            foreach (var (field, value) in shape.Select(p => (p.Key, p.Value!)))
            {
                var isNumber = value.GetValueKind() == System.Text.Json.JsonValueKind.Number;
                foreach (var (what, replacement) in WrongValues(isNumber))
                {
                    yield return (name, Body(name, $"{field} {what}", With(shape, field, replacement)));
                }
                if (!Optional.Contains(field))
                {
                    yield return (name, Body(name, $"{field} missing", Without(shape, field)));
                    if (!isNumber)
                    {
                        yield return (name, Body(name, $"{field} blank", With(shape, field, " \t ")));
                        yield return (name, Body(name, $"{field} over 4,000 characters", With(shape, field, Hostile.Overlong(4001))));
                    }
                }
                if (Words.Contains(field))
                {
                    var word = value.GetValue<string>();
                    // Not padded: a milestone is trimmed as any field is, so " draft " is the draft.
                    foreach (var (what, spelling) in ((string, string)[])[("in upper case", word.ToUpperInvariant()), ("with NUL", word + "\0"), ("with a zero-width space", word + "\u200b")])
                    {
                        yield return (name, Body(name, $"{field} {what}", With(shape, field, spelling)));
                    }
                }
                // The last copy is the one a lenient reader keeps: a valid first and a hostile second must both be refused.
                var duplicated = shape.ToJsonString().TrimEnd('}') + $", \"{field.ToUpperInvariant()}\": {value.ToJsonString()}}}";
                yield return (name, HostileBody.Json($"{name}: {field} given twice, the second in upper case", duplicated));
                yield return (name, HostileBody.Json($"{name}: {field} given twice", shape.ToJsonString().TrimEnd('}') + $", \"{field}\": {value.ToJsonString()}}}"));
            }
            yield return (name, Body(name, "an unknown property", With(shape, "admin", true)));
            yield return (name, Body(name, "a misspelt property", With(Without(shape, shape.First().Key), shape.First().Key + "s", shape.First().Value!.DeepClone())));
        }
        yield return Special(0, "reference with a line break", "reference", "https://plans.example.org/a.pdf\r\nX-Injected: 1");
        yield return Special(0, "reference to a script", "reference", "javascript:alert(1)");
        yield return Special(8, "url past 2,000 characters", "url", "https://plans.example.org/" + Hostile.Overlong(2000));
        yield return Special(2, "newDue with an offset", "newDue", "2019-12-20T17:00+00:00");
        yield return Special(2, "newDue that does not exist", "newDue", "2019-02-30T17:00");
        yield return Special(5, "a peer not in the directory", "peer", "E54000099");
        yield return Special(5, "a peer that is a path", "peer", "../E54000027");
    }

    /// <summary>Each event's request with a line break and a header after it in one text field, for each text field it has.</summary>
    public static IEnumerable<(string Event, HostileBody Body)> WithLineBreaks()
    {
        foreach (var (name, json) in Shapes)
        {
            var shape = JsonNode.Parse(json)!.AsObject();
            foreach (var (field, value) in shape.Where(p => p.Value!.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(p => (p.Key, p.Value!.GetValue<string>())))
            {
                yield return (name, Body(name, $"{field} with a line break", With(shape, field, value + Hostile.CrLf)));
            }
        }
    }

    /// <summary>One event's request with one field given a value its rules refuse.</summary>
    private static (string Event, HostileBody Body) Special(int shape, string what, string field, string value)
    {
        var (name, json) = Shapes[shape];
        return (name, Body(name, what, With(JsonNode.Parse(json)!.AsObject(), field, value)));
    }

    /// <summary>Values of a type the field is not, or out of its range.</summary>
    private static IEnumerable<(string What, JsonNode? Value)> WrongValues(bool isNumber) => isNumber
        ?
        [
            ("as words", JsonValue.Create("one")),
            ("a fraction", JsonValue.Create(1.5)),
            ("zero", JsonValue.Create(0)),
            ("negative", JsonValue.Create(-1)),
            ("past a 32-bit number", JsonValue.Create(2147483648L)),
            ("true", JsonValue.Create(true)),
            ("an object", new JsonObject()),
        ]
        :
        [
            ("a number", JsonValue.Create(123)),
            ("true", JsonValue.Create(true)),
            ("an object", new JsonObject { ["value"] = "x" }),
            ("an array", new JsonArray("x")),
        ];

    private static JsonObject With(JsonObject shape, string field, JsonNode? value)
    {
        var copy = shape.DeepClone().AsObject();
        copy[field] = value;
        return copy;
    }

    private static JsonObject Without(JsonObject shape, string field)
    {
        var copy = shape.DeepClone().AsObject();
        copy.Remove(field);
        return copy;
    }

    private static HostileBody Body(string name, string what, JsonObject body) => HostileBody.Json($"{name}: {what}", body.ToJsonString());
}
