using Microsoft.Azure.Functions.Worker;
using Workflow.Core.Directory;
using Workflow.Functions.Pages.Components;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Pages;

/// <summary>
/// The help pages the footer links to: the accessibility statement, the privacy notice and how to reach the national
/// team. Open to anyone, signed in or not, since people look for them exactly when something stops them using the service.
/// </summary>
public sealed class HelpFunctions(PageRenderer pages, ReferenceData reference)
{
    [Function("HelpAccessibility")]
    public Task<IResult> AccessibilityAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "help/accessibility")] HttpRequest request) =>
        pages.PageAsync<AccessibilityPage>(new Dictionary<string, object?>());

    [Function("HelpPrivacy")]
    public Task<IResult> PrivacyAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "help/privacy")] HttpRequest request) =>
        pages.PageAsync<PrivacyPage>(new Dictionary<string, object?>());

    /// <summary>The national team's mailboxes are the directory's national contacts, so the page never names an old one.</summary>
    [Function("HelpContact")]
    public Task<IResult> ContactAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "help/contact")] HttpRequest request) =>
        pages.PageAsync<ContactPage>(new Dictionary<string, object?>
        {
            [nameof(ContactPage.National)] = reference.Directory.Contacts.Where(c => c.Role == ContactRole.National).ToList(),
        });
}
