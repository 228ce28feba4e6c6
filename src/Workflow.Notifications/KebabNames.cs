using System.Text.Json;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Notifications;

/// <summary>Message kinds and roles as they appear in files, categories and tracing: "changes-requested", "regional-director".</summary>
internal static class KebabNames
{
    public static string Of(MessageKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    public static string Of(Role role) => JsonNamingPolicy.KebabCaseLower.ConvertName(role.ToString());
}
