using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// A valid JSON body changed at random, one to three times: a field of the wrong type, missing, given twice or unknown;
/// hostile text in a string; or the bytes themselves broken (cut short, a byte flipped, bytes that are not UTF-8). What
/// may not change (<c>keep</c>: a round's id and version, a clock's instant) is never touched, so a body that comes out
/// valid still asks for what the target cannot do.
/// </summary>
internal static class JsonMutations
{
    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <paramref name="json"/> mutated. Field changes go to the objects <paramref name="objects"/> picks (the whole body by
    /// default); byte changes only after <paramref name="bytesFrom"/> (the text's index of a marker, 0 for anywhere),
    /// and never to digits when <paramref name="digitsKept"/> (an instant must not move to a time it could go to).
    /// </summary>
    public static (string What, byte[] Bytes) Mutate(
        Random random, string json, Func<JsonNode, IReadOnlyList<JsonObject>>? objects = null, IReadOnlySet<string>? keep = null,
        string? bytesFrom = null, bool digitsKept = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        var root = JsonNode.Parse(json)!;
        var what = new List<string>();
        var steps = random.Next(1, 4);
        var fields = random.Next(4) != 0;
        if (fields)
        {
            var candidates = objects?.Invoke(root) ?? [root.AsObject()];
            for (var i = 0; i < steps; i++)
            {
                var target = candidates[random.Next(candidates.Count)];
                what.Add(Field(random, target, keep ?? new HashSet<string>()));
            }
        }
        var text = Nested(root.ToJsonString(random.Next(2) == 0 ? Raw : JsonSerializerOptions.Default));
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(text));
        // A change that changed nothing (a property that was there already) would send the body as it was.
        if (!fields || random.Next(3) == 0 || JsonNode.DeepEquals(root, JsonNode.Parse(json)))
        {
            var from = bytesFrom is null ? 0 : Math.Max(0, Encoding.UTF8.GetByteCount(text[..Math.Max(0, text.IndexOf(bytesFrom, StringComparison.Ordinal))]));
            what.Add(Bytes(random, bytes, from, digitsKept));
        }
        return (string.Join(", ", what), [.. bytes]);
    }

    private static string Field(Random random, JsonObject target, IReadOnlySet<string> keep)
    {
        var names = target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList();
        var name = names.Count == 0 ? null : names[random.Next(names.Count)];
        switch (name is null ? 0 : random.Next(6))
        {
            case 0:
                var unknown = random.Next(3) == 0 ? Texts.Text(random) : "fuzz" + random.Next(1000);
                if (!target.ContainsKey(unknown) && !keep.Contains(unknown))
                {
                    target[unknown] = WrongValue(random);
                }
                return "an unknown property";
            case 1:
                target.Remove(name!);
                return $"{name} missing";
            case 2:
                target[name!] = WrongValue(random);
                return $"{name} of another type";
            case 3:
                target[name!] = Texts.Text(random);
                return $"{name} hostile text";
            case 4:
                // The same name in another case, or with a character that looks like nothing: a second copy to a lenient reader.
                var twin = random.Next(2) == 0 ? name!.ToUpperInvariant() : name + "\u200b";
                if (!target.ContainsKey(twin))
                {
                    target[twin] = WrongValue(random);
                }
                return $"{name} twice, spelt otherwise";
            default:
                target[name!] = target[name!] is JsonValue v && v.TryGetValue<string>(out var s)
                    ? s.Insert(random.Next(s.Length + 1), random.Next(2) == 0 ? Hostile.CrLf : Texts.Text(random))
                    : Texts.Text(random);
                return $"{name} with text inserted";
        }
    }

    /// <summary>A value of some type, often not the one wanted: numbers past every range, nesting, empty things.</summary>
    public static JsonNode? WrongValue(Random random) => random.Next(12) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(-random.NextInt64()),
        3 => JsonValue.Create(random.NextDouble() * 1e300),
        4 => JsonValue.Create(long.MaxValue),
        5 => new JsonArray(),
        6 => new JsonObject(),
        7 => new JsonArray(JsonValue.Create(Texts.Text(random))),
        // Written out as text once the body is: a tree this deep is past what the writer itself will write.
        8 => JsonValue.Create($"{NestedMarker}{random.Next(10, 2000)}__"),
        9 => JsonValue.Create(""),
        10 => JsonValue.Create(random.Next(-3, 3)),
        _ => JsonValue.Create(Texts.Text(random)),
    };

    private const string NestedMarker = "__fuzz_nested_";

    private static string Nested(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, $"\"{NestedMarker}(\\d+)__\"", m =>
            new string('[', int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) + new string(']', int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));

    private static bool Blank(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>Bytes to insert that are more than white space between tokens, which would leave the body as it was.</summary>
    private static List<byte> NotBlank(IEnumerable<byte> bytes)
    {
        var list = bytes.ToList();
        return list.All(Blank) ? [.. list, (byte)'~'] : list;
    }

    private static string Bytes(Random random, List<byte> bytes, int from, bool digitsKept)
    {
        var at = from + random.Next(Math.Max(1, bytes.Count - from));
        at = Math.Min(at, bytes.Count - 1);
        switch (random.Next(7))
        {
            case 0:
                bytes.RemoveRange(at, bytes.Count - at);
                return $"cut short at byte {at}";
            case 1:
                // Not a blank into a blank, nor a digit either way where the digits are kept: the body must come out other than it was.
                var mask = (byte)random.Next(1, 256);
                var flipped = (byte)(bytes[at] ^ mask);
                if (Blank(bytes[at]) || Blank(flipped) || (digitsKept && (char.IsAsciiDigit((char)bytes[at]) || char.IsAsciiDigit((char)flipped))))
                {
                    bytes.Insert(at, 0xFF);
                    return $"a byte that is not UTF-8 at {at}";
                }
                bytes[at] = flipped;
                return $"byte {at} flipped";
            case 2:
                bytes.InsertRange(at, NotBlank(Texts.Bytes(random).Where(b => !digitsKept || !char.IsAsciiDigit((char)b))));
                return $"hostile bytes inserted at {at}";
            case 3:
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(Hostile.CrLf));
                return $"a raw line break inserted at {at}";
            case 4:
                bytes.Insert(0, (byte)'[');
                bytes.Add((byte)']');
                return "the body in an array";
            case 5:
                var length = Math.Min(bytes.Count - at, random.Next(1, 64));
                bytes.InsertRange(at, NotBlank(bytes.GetRange(at, length).Where(b => !digitsKept || !char.IsAsciiDigit((char)b))));
                return $"bytes {at} on repeated";
            default:
                bytes.Insert(at, (byte)random.Next(0, 0x20) is var c && Blank(c) ? (byte)0 : c);
                return $"a control character at {at}";
        }
    }
}
