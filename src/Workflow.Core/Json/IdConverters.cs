using System.Text.Json;
using System.Text.Json.Serialization;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Json;

/// <summary>Identifiers are plain strings on the wire, and can key a JSON object.</summary>
public abstract class StringValueConverter<T> : JsonConverter<T>
{
    protected abstract T Parse(string text);

    protected abstract string Format(T value);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.GetString() ?? throw new JsonException($"A {typeof(T).Name} cannot be null."));

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WritePropertyName(Format(value));
}

public sealed class SystemCodeConverter : StringValueConverter<SystemCode>
{
    protected override SystemCode Parse(string text) => new(text);

    protected override string Format(SystemCode value) => value.Value;
}

public sealed class RegionCodeConverter : StringValueConverter<RegionCode>
{
    protected override RegionCode Parse(string text) => new(text);

    protected override string Format(RegionCode value) => value.Value;
}

public sealed class RoundIdConverter : StringValueConverter<RoundId>
{
    protected override RoundId Parse(string text) => new(text);

    protected override string Format(RoundId value) => value.Value;
}

public sealed class InstanceIdConverter : StringValueConverter<InstanceId>
{
    protected override InstanceId Parse(string text) =>
        InstanceId.TryParse(text, out var id) ? id : throw new JsonException($"'{text}' is not an instance id (round|system).");

    protected override string Format(InstanceId value) => value.ToString();
}

/// <summary>A milestone occurrence as <c>draft</c> or <c>agreement#2</c>, matching <see cref="MilestoneKey.ToString"/>.</summary>
public sealed class MilestoneKeyConverter : StringValueConverter<MilestoneKey>
{
    protected override MilestoneKey Parse(string text)
    {
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        var name = hash < 0 ? text : text[..hash];
        if (!Milestones.TryParse(name, out var milestone))
        {
            throw new JsonException($"'{name}' is not a milestone.");
        }
        return new MilestoneKey(milestone, hash < 0 ? 0 : int.Parse(text[(hash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    protected override string Format(MilestoneKey value) => value.ToString();
}

/// <summary>Milestones by their round-file names (<c>peer-review</c>), not their C# names.</summary>
public sealed class MilestoneConverter : StringValueConverter<Milestone>
{
    protected override Milestone Parse(string text) =>
        Milestones.TryParse(text, out var milestone) ? milestone : throw new JsonException($"'{text}' is not a milestone.");

    protected override string Format(Milestone value) => value.Name();
}
