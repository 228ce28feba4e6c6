using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Azure.Functions.Worker;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Directory;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Storage.Directory;

namespace Workflow.Functions.Pages;

/// <summary>
/// The directory's upkeep: who the PMOs, directors, deputies and national contacts are, a form to change one system's
/// or region's, and the whole list as a file to export and import. Every change goes through <see cref="ContactRules"/>,
/// is applied whole or not at all with its record, and addresses the next message sent.
/// </summary>
public sealed class DirectoryFunctions(
    DirectoryStore store, ContactsRefresh refresh, ReferenceData reference, Access access, IAntiforgery antiforgery, PageRenderer pages, TimeProvider time)
{
    /// <summary>The largest contacts file taken: some thousands of people, far more than a round has.</summary>
    public const int MaxImportBytes = 256 * 1024;

    private const string Home = "/dashboard/directory";

    /// <summary>Blank rows offered under each role, for adding people.</summary>
    private const int BlankRows = 2;

    /// <summary>The most rows of one role a form is read for.</summary>
    private const int MaxRows = 50;

    private static readonly Dictionary<string, string> Banners = new(StringComparer.Ordinal)
    {
        ["saved"] = "The contacts have been changed: the next message sent goes to them.",
        ["imported"] = "The contacts file has been imported: the next message sent goes to the people it lists.",
        ["unchanged"] = "Nothing was changed: the contacts were already as sent.",
    };

    [Function("DirectoryPage")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/directory")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admission = access.Require(request);
        if (admission.Viewer is not { } viewer)
        {
            return admission.Refusal!;
        }
        string? done = request.Query["done"];
        return await ListAsync(request, viewer, done is not null && Banners.TryGetValue(done, out var words) ? words : null, [], cancellationToken);
    }

    [Function("DirectoryExport")]
    public async Task<IResult> ExportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/directory.csv")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RequireNational(request, "export").Refusal is { } refused)
        {
            return refused;
        }
        var directory = await store.CurrentAsync(reference.Directory, cancellationToken);
        request.HttpContext.Response.Headers.ContentDisposition = "attachment; filename=\"contacts.csv\"";
        return Results.Text(ContactCsv.Write(directory.Contacts), "text/csv; charset=utf-8", Encoding.UTF8);
    }

    [Function("DirectoryImport")]
    public async Task<IResult> ImportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/directory")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (viewer, refused) = RequireNational(request, "import");
        if (refused is not null)
        {
            return refused;
        }
        // The length is judged before the body is read, so an oversized upload costs nothing to refuse.
        if (request.ContentLength is not { } length)
        {
            return Html.Problem(StatusCodes.Status411LengthRequired, "Please check the file", "The upload did not say how long it is.", "Choose the file again and import it from the directory page.");
        }
        if (length > MaxImportBytes + 16 * 1024)
        {
            return TooLarge();
        }
        var (form, problem) = await ReadFormAsync(request, multipart: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (form!.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return await ListAsync(request, viewer!, null, [new FormProblem("file", "Choose a contacts file to import")], cancellationToken, StatusCodes.Status400BadRequest);
        }
        if (file.Length > MaxImportBytes)
        {
            return TooLarge();
        }
        string text;
        using (var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            try
            {
                text = await reader.ReadToEndAsync(cancellationToken);
            }
            catch (DecoderFallbackException)
            {
                return await ListAsync(request, viewer!, null, [new FormProblem("file", "The file is not text in UTF-8: save it from the spreadsheet as CSV UTF-8")], cancellationToken, StatusCodes.Status400BadRequest);
            }
        }
        var stored = await store.ContactsAsync(cancellationToken);
        var directory = reference.Directory.WithContacts(stored?.Contacts ?? reference.Directory.Contacts);
        var read = ContactCsv.Read(directory, text);
        if (!read.Succeeded)
        {
            return await ListAsync(request, viewer!, null, [.. read.Problems.Select(p => new FormProblem("file", p.ToString()))], cancellationToken, StatusCodes.Status400BadRequest);
        }
        return await SaveAsync(viewer!, directory, read.Value!, "import", form, "imported",
            stale => ListAsync(request, viewer!, null, [stale], cancellationToken, StatusCodes.Status409Conflict), cancellationToken);
    }

    [Function("DirectoryEditPage")]
    public async Task<IResult> EditAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/directory/{scope}")] HttpRequest request, string scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var directory = await store.CurrentAsync(reference.Directory, cancellationToken);
        var (viewer, found, refused) = RequireEdit(request, directory, scope);
        return refused ?? await EditPageAsync(request, viewer!, directory, found!, null, [], cancellationToken);
    }

    [Function("DirectoryEdit")]
    public async Task<IResult> SaveEditAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/directory/{scope}")] HttpRequest request, string scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await store.ContactsAsync(cancellationToken);
        var directory = reference.Directory.WithContacts(stored?.Contacts ?? reference.Directory.Contacts);
        var (viewer, found, refused) = RequireEdit(request, directory, scope);
        if (refused is not null)
        {
            return refused;
        }
        var (form, problem) = await ReadFormAsync(request, multipart: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var proposed = new List<ProposedContact>();
        foreach (var role in found!.Roles)
        {
            for (var i = 0; i < MaxRows && (form!.ContainsKey($"{ContactRules.RoleName(role)}-{i}-name") || form.ContainsKey($"{ContactRules.RoleName(role)}-{i}-email")); i++)
            {
                var row = new FormRow($"{ContactRules.RoleName(role)}-{i}");
                string name = form[row.At("name")].ToString();
                string email = form[row.At("email")].ToString();
                // A row left blank is a person taken off, or a spare row not used.
                if (name.Trim().Length > 0 || email.Trim().Length > 0)
                {
                    proposed.Add(new ProposedContact(ContactRules.RoleName(role), found.Code, name, email, row));
                }
            }
        }
        var checkedContacts = ContactRules.Replace(directory, [found], proposed, role => $"{ContactRules.RoleName(role)}-0-name");
        if (!checkedContacts.Succeeded)
        {
            return await EditPageAsync(request, viewer!, directory, found, form, [.. checkedContacts.Problems.Select(p => new FormProblem(p.Path, p.Message))], cancellationToken, StatusCodes.Status400BadRequest);
        }
        return await SaveAsync(viewer!, directory, checkedContacts.Value!, $"form: {found.Name}", form!, "saved",
            stale => EditPageAsync(request, viewer!, directory, found, form, [stale with { Field = $"{ContactRules.RoleName(found.Roles[0])}-0-name" }], cancellationToken, StatusCodes.Status409Conflict),
            cancellationToken);
    }

    /// <summary>
    /// Applies contacts already checked, with the record of what changed, if nobody changed the contacts since the page
    /// was drawn; the form's key makes sending it twice one change.
    /// </summary>
    private async Task<IResult> SaveAsync(
        Viewer viewer, SystemDirectory directory, IReadOnlyList<Contact> contacts, string how, IFormCollection form,
        string done, Func<FormProblem, Task<IResult>> onStale, CancellationToken cancellationToken)
    {
        string? key = form["key"];
        if (key is not { Length: > 0 and <= 64 } || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            || !int.TryParse(form["version"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            return Html.Problem(StatusCodes.Status400BadRequest, "Please check the form", "The form is missing what it was drawn with.", "Open the directory page again and try once more.");
        }
        var changes = ContactDiff.Between(directory.Contacts, contacts);
        if (changes.IsEmpty)
        {
            return Results.Redirect($"{Home}?done=unchanged");
        }
        var change = new ContactChange(version + 1, time.GetUtcNow(), viewer.Email, how, changes);
        if (await store.SaveContactsAsync(contacts, change, "directory:" + key, cancellationToken) == ContactsSaved.Stale)
        {
            return await onStale(new FormProblem("file", "The contacts have been changed by someone else since this page was opened, so nothing has changed: open it again to see their change, then make yours."));
        }
        // Whoever the change gives access to, or takes it from, counts from the next request here.
        await refresh.RefreshAsync(cancellationToken);
        return Results.Redirect($"{Home}?done={done}");
    }

    private async Task<IResult> ListAsync(HttpRequest request, Viewer viewer, string? banner, IReadOnlyList<FormProblem> errors, CancellationToken cancellationToken, int status = StatusCodes.Status200OK)
    {
        var stored = await store.ContactsAsync(cancellationToken);
        var directory = reference.Directory.WithContacts(stored?.Contacts ?? reference.Directory.Contacts);
        var view = DirectoryView.Of(directory, viewer, await store.ChangesAsync(cancellationToken));
        var tokens = viewer.IsNational ? antiforgery.GetAndStoreTokens(request.HttpContext) : null;
        return await pages.PageAsync<Components.DirectoryPage>(new Dictionary<string, object?>
        {
            [nameof(Components.DirectoryPage.View)] = view,
            [nameof(Components.DirectoryPage.SignedIn)] = viewer.Name,
            [nameof(Components.DirectoryPage.Banner)] = banner,
            [nameof(Components.DirectoryPage.Errors)] = errors,
            [nameof(Components.DirectoryPage.Version)] = stored?.Version ?? 0,
            [nameof(Components.DirectoryPage.TokenField)] = tokens?.FormFieldName,
            [nameof(Components.DirectoryPage.Token)] = tokens?.RequestToken,
            [nameof(Components.DirectoryPage.Key)] = Guid.NewGuid().ToString("N"),
        }, status);
    }

    private async Task<IResult> EditPageAsync(
        HttpRequest request, Viewer viewer, SystemDirectory directory, ContactScope scope, IFormCollection? typed, IReadOnlyList<FormProblem> errors,
        CancellationToken cancellationToken, int status = StatusCodes.Status200OK)
    {
        var stored = await store.ContactsAsync(cancellationToken);
        var tokens = antiforgery.GetAndStoreTokens(request.HttpContext);
        var groups = scope.Roles.Select(role =>
        {
            var prefix = ContactRules.RoleName(role);
            var rows = typed is null
                ? [.. directory.Contacts.Where(c => c.Role == role && c.Scope == scope.Code).Select(c => (c.Name, c.Email)), .. Enumerable.Repeat(("", ""), BlankRows)]
                : Enumerable.Range(0, MaxRows).TakeWhile(i => typed.ContainsKey($"{prefix}-{i}-name") || typed.ContainsKey($"{prefix}-{i}-email"))
                    .Select(i => (typed[$"{prefix}-{i}-name"].ToString(), typed[$"{prefix}-{i}-email"].ToString())).ToList();
            return new ContactGroup(prefix, DirectoryView.RoleWords(role), rows);
        }).ToList();
        return await pages.PageAsync<Components.DirectoryEditPage>(new Dictionary<string, object?>
        {
            [nameof(Components.DirectoryEditPage.Scope)] = scope,
            [nameof(Components.DirectoryEditPage.Groups)] = groups,
            [nameof(Components.DirectoryEditPage.SignedIn)] = viewer.Name,
            [nameof(Components.DirectoryEditPage.Errors)] = errors,
            [nameof(Components.DirectoryEditPage.Version)] = typed?["version"].ToString() ?? (stored?.Version ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [nameof(Components.DirectoryEditPage.TokenField)] = tokens.FormFieldName,
            [nameof(Components.DirectoryEditPage.Token)] = tokens.RequestToken,
            [nameof(Components.DirectoryEditPage.Key)] = typed?["key"].ToString() is { Length: > 0 } key ? key : Guid.NewGuid().ToString("N"),
        }, status);
    }

    /// <summary>The viewer and the scope they may change, or the refusal: signed out, unknown scope (404), not theirs (403).</summary>
    private (Viewer? Viewer, ContactScope? Scope, IResult? Refusal) RequireEdit(HttpRequest request, SystemDirectory directory, string code)
    {
        var admission = access.Require(request);
        if (admission.Viewer is not { } viewer)
        {
            return (null, null, admission.Refusal);
        }
        if (ContactRules.Scope(directory, code) is not { } scope)
        {
            return (null, null, Html.Problem(StatusCodes.Status404NotFound, "Page not found", "The directory has no system or region by that code.", "Go back to the directory and choose one."));
        }
        return viewer.MayEditContacts(scope)
            ? (viewer, scope, null)
            : (null, null, Html.Refused(StatusCodes.Status403Forbidden, "You cannot use this page",
                $"You may not change the contacts of {scope.Name}: only {(scope.Region is null ? "the national team" : "its region's director and deputies and the national team")} may.", viewer.Name));
    }

    private (Viewer? Viewer, IResult? Refusal) RequireNational(HttpRequest request, string what)
    {
        var admission = access.Require(request);
        return admission.Viewer is not { } viewer ? (null, admission.Refusal)
            : viewer.IsNational ? (viewer, null)
            : (null, Html.Refused(StatusCodes.Status403Forbidden, "You cannot use this page", $"Only the national team may {what} the whole contacts file.", viewer.Name));
    }

    private static readonly FormSource Forms = new("the forms on the directory's pages", "nothing has changed", "Open the directory page again and try once more.");

    /// <summary>The form, checked as every form is; an import comes as a file upload and an edit as fields only.</summary>
    private async Task<(IFormCollection? Form, IResult? Problem)> ReadFormAsync(HttpRequest request, bool multipart, CancellationToken cancellationToken) =>
        multipart != (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) ?? false)
            ? (null, PostedForm.Unsupported(Forms))
            : await PostedForm.ReadAsync(request, antiforgery, Forms, cancellationToken);

    private static IResult TooLarge() => Html.Problem(StatusCodes.Status413PayloadTooLarge, "The file is too large",
        $"A contacts file can be at most {MaxImportBytes / 1024} KB, so nothing has changed.", "Check it is the contacts file exported from this page, then import it again.");
}
