namespace Workflow.Core.Documents;

/// <summary>What <see cref="UploadRules.Check"/> found: an accepted document, or why it is refused.</summary>
public abstract record UploadCheck
{
    private protected UploadCheck()
    {
    }
}

/// <param name="FileName">The name to keep the document under, made safe by <see cref="DocumentNames.Safe"/>.</param>
public sealed record UploadAccepted(DocumentKind Kind, string FileName) : UploadCheck
{
    public string ContentType => Kind.ContentType;
}

/// <param name="Reason">What is wrong, as a sentence to show the person who sent the file.</param>
public sealed record UploadRefused(UploadRefusal Refusal, string Reason) : UploadCheck;

public enum UploadRefusal
{
    /// <summary>The name has no extension, or one of no accepted kind.</summary>
    KindNotAccepted = 1,

    Empty,

    /// <summary>The name says one kind, but the content is not of it: an executable or a web page named .pdf, say.</summary>
    ContentNotOfItsKind,
}
