using System.Text;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// The PMO's page, whose forms submit the plan (a document or its address) and give a footprint notice: each sent with
/// one answer it must refuse. None names a document of the kind it says it is with an address the form would take.
/// </summary>
internal static class SubmissionForms
{
    public static IEnumerable<HostileRequest> All(FuzzTargets targets, string function)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var link = "/links/" + targets.SubmitToken;
        var due = targets.SubmitMilestone;
        var token = (targets.AntiforgeryField.Key, targets.AntiforgeryField.Value);
        HostileRequest Post(HostileBody body) => new(function, "submission form: " + body.What, "POST", link) { Body = body.Bytes, ContentType = body.ContentType, WithAntiforgeryCookie = true };
        HostileRequest Reference(string what, string reference) => Post(FormBodies.Form("reference " + what, targets.Form(true, ("milestone", due), ("reference", reference))));
        HostileRequest Upload(string what, string fileName, byte[] content) =>
            Post(FormBodies.Multipart("document " + what, [token, ("milestone", due), ("reference", "")], [("document", fileName, content)]));
        HostileRequest Notice(string what, params (string, string)[] fields) => Post(FormBodies.Form("footprint notice " + what, targets.Form(true, [("form", "footprint-notice"), .. fields])));
        const string Good = "https://plans.example.org/E54000027/draft.pdf";
        return
        [
            Reference("missing", ""),
            Reference("white space", "   "),
            Reference("with a line break", "https://plans.example.org/a.pdf\r\nX-Injected: 1"),
            Reference("with a space", "https://plans.example.org/a plan.pdf"),
            Reference("to a script", "javascript:alert(1)"),
            Reference("by FTP", "ftp://plans.example.org/a.pdf"),
            Reference("of 2,100 characters", "https://plans.example.org/" + Hostile.Overlong(2100)),
            Reference("NUL", "\0"),
            Reference("markup", Hostile.Marker),
            Post(FormBodies.Form("milestone with a line break", targets.Form(true, ("milestone", due + Hostile.CrLf), ("reference", Good)))),
            Post(FormBodies.Form("a field name with a line break", targets.Form(true, ("milestone" + Hostile.CrLf, due), ("reference", Good)))),
            // A good address, with the page's milestone spelt otherwise: never the milestone due.
            Post(FormBodies.Form("milestone in upper case", targets.Form(true, ("milestone", due.ToUpperInvariant()), ("reference", Good)))),
            Post(FormBodies.Form("milestone twice", targets.Form(true, ("milestone", due), ("milestone", due), ("reference", Good)))),
            Post(FormBodies.Form("milestone with NUL", targets.Form(true, ("milestone", due + "\0"), ("reference", Good)))),
            Upload("that is a program named .pdf", "plan.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00]),
            Upload("named .exe", "plan.exe", "%PDF-1.4\n"u8.ToArray()),
            Upload("named with a path", "../../../etc/passwd.pdf", "root:x:0:0:root:/root:/bin/bash\n"u8.ToArray()),
            Upload("that is a web page named .csv", "plan.csv", "<html><script>alert(1)</script></html>"u8.ToArray()),
            Upload("of text with NUL named .csv", "plan.csv", "a,b\0c\n"u8.ToArray()),
            Upload("named with control characters", "pl\u0001an\u202e.pdf", "<svg onload=alert(1)>"u8.ToArray()),
            Upload("that is empty", "plan.pdf", []),
            Upload("over 20 MB", "plan.pdf", [.. "%PDF-1.4\n"u8, .. new byte[21 * 1024 * 1024]]) with { Expected = 413 },
            Upload("over 20 MB, in chunks", "plan.pdf", [.. "%PDF-1.4\n"u8, .. new byte[21 * 1024 * 1024]]) with { Expected = 413, Framing = Framing.Chunked },
            // Uploads whose parts lie about themselves; each file is a program, so whatever name the reader believes, it is refused.
            .. Lying(targets, due).Select(Post),
            Notice("from a parish", ("source", "parish"), ("from", "A council"), ("summary", "A change")),
            Notice("source capitalised", ("source", "System"), ("from", "A council"), ("summary", "A change")),
            Notice("with no one giving it", ("source", "system"), ("from", " "), ("summary", "A change")),
            Notice("from 4,001 characters", ("source", "system"), ("from", Hostile.Overlong(4001)), ("summary", "A change")),
            Notice("summary of 4,001 characters", ("source", "system"), ("from", "A council"), ("summary", Hostile.Overlong(4001))),
            Notice("summary missing", ("source", "local-authority"), ("from", "A council")),
            Notice("source with a line break", ("source", "system" + Hostile.CrLf), ("from", "A council"), ("summary", "A change")),
            Notice("from and summary with line breaks, from a parish", ("source", "parish"), ("from", Hostile.CrLf), ("summary", Hostile.CrLf)),
            Post(new HostileBody("a decision posted to the PMO's link", Encoding.UTF8.GetBytes(targets.Form(true, ("outcome", "agreed"))), FormBodies.UrlEncoded)),
        ];
    }

    /// <summary>Multipart uploads, each with the form token and the milestone due, whose parts say one thing and hold another.</summary>
    private static IEnumerable<HostileBody> Lying(FuzzTargets targets, string due)
    {
        const string boundary = "----fuzz-lying-9XkQ";
        byte[] program = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, .. "%PDF-1.4\n"u8];
        var token = targets.AntiforgeryField;
        string Field(string name, string value) => $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n";
        var fields = Field(token.Key, token.Value) + Field("milestone", due) + Field("reference", "");
        HostileBody Body(string what, params object[] parts)
        {
            using var body = new MemoryStream();
            body.Write(Encoding.UTF8.GetBytes(fields));
            foreach (var part in parts)
            {
                body.Write(part is byte[] bytes ? bytes : Encoding.UTF8.GetBytes((string)part));
            }
            body.Write(Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n"));
            return new HostileBody("lying upload: " + what, body.ToArray(), $"multipart/form-data; boundary={boundary}");
        }
        string File(string disposition, string headers = "") =>
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; {disposition}\r\n{headers}\r\n";
        return
        [
            Body("a part that says it is a PDF and is a program", File("filename=\"plan.pdf\"", "Content-Type: application/pdf\r\n"), program),
            Body("a filename* that names something else", File("filename=\"plan.pdf\"; filename*=UTF-8''..%2F..%2Fplan.exe", "Content-Type: application/pdf\r\n"), program),
            Body("a filename with a line break", File("filename=\"plan\r\nX-Injected: 1.pdf\""), program),
            Body("a filename in raw UTF-8 with a direction change", File("filename=\"pl\u202efdp.exe\""), program),
            Body("a part with a Content-Length that is not its length", File("filename=\"plan.pdf\"", "Content-Length: 5\r\n"), program),
            Body("a part that says it is encoded as base64", File("filename=\"plan.pdf\"", "Content-Transfer-Encoding: base64\r\n"), Convert.ToBase64String(program)),
            Body("two documents, neither one to keep", File("filename=\"plan.exe\""), "%PDF-1.4\n", $"\r\n{File("filename=\"plan.pdf\"")}", program),
            Body("the document as a field, not a file", Field("document", "%PDF-1.4"), "x"),
            Body("the document's bytes end the form early", File("filename=\"plan.pdf\""), program, $"\r\n--{boundary}--\r\n", "%PDF-1.4 the rest of a plan"),
        ];
    }
}
