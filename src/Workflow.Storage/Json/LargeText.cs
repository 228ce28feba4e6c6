using System.Text;
using Azure.Data.Tables;

namespace Workflow.Storage.Json;

/// <summary>
/// A table string property holds at most 64 KiB (32K UTF-16 characters); longer text is split over
/// <c>Json</c>, <c>Json1</c>, <c>Json2</c>… within the entity's 1 MiB.
/// </summary>
internal static class LargeText
{
    private const int ChunkLength = 30_000;
    private const string Property = "Json";

    public static void Write(TableEntity entity, string text)
    {
        for (int i = 0, part = 0; i < text.Length || part == 0; i += ChunkLength, part++)
        {
            entity[part == 0 ? Property : $"{Property}{part}"] = text.Substring(i, Math.Min(ChunkLength, text.Length - i));
        }
    }

    public static string Read(TableEntity entity)
    {
        var text = new StringBuilder(entity.GetString(Property));
        for (var part = 1; entity.GetString($"{Property}{part}") is { } more; part++)
        {
            text.Append(more);
        }
        return text.ToString();
    }
}
