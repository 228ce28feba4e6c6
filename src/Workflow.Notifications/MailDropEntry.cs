using System.Text.Json.Serialization;

namespace Workflow.Notifications;

/// <summary>One message as the local mail drop saved it: what was sent, and each person's copy as they would read it.</summary>
public sealed record MailDropEntry
{
    /// <summary>The file it is saved in (not stored in the file itself).</summary>
    [JsonIgnore]
    public string File { get; init; } = "";

    /// <summary>The idempotency key (the command id).</summary>
    public string Id { get; init; } = "";

    public DateTimeOffset At { get; init; }

    /// <summary>The message kind, kebab-case: "changes-requested".</summary>
    public string Kind { get; init; } = "";

    public string Instance { get; init; } = "";

    public string System { get; init; } = "";

    public string Round { get; init; } = "";

    public string Subject { get; init; } = "";

    /// <summary>"Name &lt;address&gt;" of each person addressed.</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>"Name &lt;address&gt;" of each person copied.</summary>
    public IReadOnlyList<string> Copy { get; init; } = [];

    public string? Milestone { get; init; }

    public DateTimeOffset? Due { get; init; }

    public int PlanVersion { get; init; }

    /// <summary>Each person's own copy, in the order they were sent.</summary>
    public IReadOnlyList<MailDropCopy> Recipients { get; init; } = [];
}

/// <summary>One person's copy of a message.</summary>
public sealed record MailDropCopy
{
    public string Role { get; init; } = "";

    public string Name { get; init; } = "";

    public string Email { get; init; } = "";

    public bool Copied { get; init; }

    public string Subject { get; init; } = "";

    /// <summary>Their personal link, if the message asks something of them.</summary>
    public Uri? Link { get; init; }

    public string Html { get; init; } = "";

    public string Text { get; init; } = "";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(MailDropEntry))]
internal sealed partial class MailDropJson : JsonSerializerContext
{
    /// <summary>As <see cref="JsonSerializerContext"/> defaults, but leaving HTML readable in the file: it is data here, never markup.</summary>
    public static MailDropJson Readable { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
