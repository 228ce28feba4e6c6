using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Workflow.Core.Directory;

/// <summary>One person's entry before and after a change: no <see cref="Before"/> when added, no <see cref="After"/> when removed.</summary>
public sealed record ContactDiff(Contact? Before, Contact? After)
{
    /// <summary>
    /// What changed between two lists of contacts. A person is known by role, scope and address (without regard to
    /// case), so a new address shows as one removed and one added, and a corrected name as one changed.
    /// </summary>
    public static ImmutableArray<ContactDiff> Between(IEnumerable<Contact> before, IEnumerable<Contact> after)
    {
        static (ContactRole, string, string) Key(Contact c) => (c.Role, c.Scope, c.Email.ToUpperInvariant());
        var old = before.ToDictionary(Key);
        var now = after.ToDictionary(Key);
        return [
            .. old.Where(o => !now.ContainsKey(o.Key)).Select(o => new ContactDiff(o.Value, null)),
            .. now.Where(n => !old.TryGetValue(n.Key, out var was) || was != n.Value).Select(n => new ContactDiff(old.GetValueOrDefault(n.Key), n.Value)),
        ];
    }

    [JsonIgnore]
    public string Scope => (After ?? Before)!.Scope;
}

/// <summary>The record of one change to the directory's contacts: who made it, when, how, and every entry it changed.</summary>
public sealed record ContactChange(int Version, DateTimeOffset At, string By, string How, ImmutableArray<ContactDiff> Changes);
