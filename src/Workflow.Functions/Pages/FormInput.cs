namespace Workflow.Functions.Pages;

/// <summary>One answer to correct: the field, what is wrong, and where the error summary's link goes (a group's first option).</summary>
public sealed record FormError(string Field, string Message, string? Anchor = null);

/// <summary>A form sent back to be corrected: what the person answered, kept, and the answer to correct.</summary>
public sealed record FormInput(IFormCollection Values, FormError Error)
{
    public string? Value(string name) => Values.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

    public string? ErrorFor(string field) => Error.Field == field ? Error.Message : null;

    /// <summary>The answer to correct as the error summary lists it, linked to where the person corrects it.</summary>
    public IReadOnlyList<FormProblem> Problems => [new(Error.Anchor ?? Error.Field, Error.Message)];
}

/// <summary>The anti-forgery field a link page's forms carry, drawn for the request that shows the page.</summary>
public sealed record FormToken(string Name, string Value);
