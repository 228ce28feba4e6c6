using System.Text;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>Form bodies as the wire carries them: url-encoded, and multipart, whole or broken.</summary>
internal static class FormBodies
{
    public const string UrlEncoded = "application/x-www-form-urlencoded";

    private const string Boundary = "----fuzz-boundary-7MA4YWxkTrZu0gW";

    /// <summary>A url-encoded body, as <see cref="FuzzTargets.Form"/> writes it.</summary>
    public static HostileBody Form(string what, string body) => new(what, Encoding.UTF8.GetBytes(body), UrlEncoded);

    /// <summary>A multipart body of text fields and files, closed unless told otherwise.</summary>
    public static HostileBody Multipart(string what, IEnumerable<(string Name, string Value)> fields, IEnumerable<(string Name, string FileName, byte[] Content)> files, bool closed = true)
    {
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        foreach (var (name, value) in fields)
        {
            Write($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }
        foreach (var (name, fileName, content) in files)
        {
            Write($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.Write(content);
            Write("\r\n");
        }
        if (closed)
        {
            Write($"--{Boundary}--\r\n");
        }
        return new(what, body.ToArray(), $"multipart/form-data; boundary={Boundary}");
    }

    /// <summary>Multipart bodies broken in the ways a form reader must refuse rather than trip over.</summary>
    public static IEnumerable<HostileBody> BrokenMultipart(string fields)
    {
        var part = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"outcome\"\r\n\r\nmaybe\r\n";
        return
        [
            new("multipart: no boundary", Encoding.UTF8.GetBytes(part + $"--{Boundary}--\r\n"), "multipart/form-data"),
            new("multipart: a boundary of 100 characters", Encoding.UTF8.GetBytes(part), $"multipart/form-data; boundary={new string('b', 100)}"),
            new("multipart: never closed", Encoding.UTF8.GetBytes(part), $"multipart/form-data; boundary={Boundary}"),
            new("multipart: a part header of 20 KiB", Encoding.UTF8.GetBytes($"--{Boundary}\r\nX-Long: {new string('h', 20 * 1024)}\r\n\r\nx\r\n--{Boundary}--\r\n"), $"multipart/form-data; boundary={Boundary}"),
            new("multipart: a part with no headers", Encoding.UTF8.GetBytes($"--{Boundary}\r\n\r\nx\r\n--{Boundary}--\r\n"), $"multipart/form-data; boundary={Boundary}"),
            new("multipart: garbage before the first boundary only", Encoding.UTF8.GetBytes(fields), $"multipart/form-data; boundary={Boundary}"),
        ];
    }
}
