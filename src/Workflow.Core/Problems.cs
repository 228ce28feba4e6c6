using System.Collections.Immutable;

namespace Workflow.Core;

/// <summary>One thing wrong with an input, located by its JSON path (or line, for CSV).</summary>
public sealed record Problem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// The result of reading an input: either a value or every problem found, never both, so nothing
/// is ever half-loaded. Warnings may accompany a value.
/// </summary>
public sealed record Loaded<T>(T? Value, ImmutableArray<Problem> Problems, ImmutableArray<Problem> Warnings)
    where T : class
{
    public bool Succeeded => Value is not null;

    /// <summary>The value, or an exception listing every problem.</summary>
    public T GetValueOrThrow(string what) =>
        Value ?? throw new InvalidDataException($"{what} is not valid:{Environment.NewLine}" +
            string.Join(Environment.NewLine, Problems.Select(p => $"  {p}")));
}

public static class Loaded
{
    public static Loaded<T> Success<T>(T value, ImmutableArray<Problem> warnings)
        where T : class => new(value, [], warnings);

    public static Loaded<T> Failure<T>(IEnumerable<Problem> problems)
        where T : class => new(null, [.. problems], []);
}
