using System.Text.RegularExpressions;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Notifications.Templates;
using Workflow.Notifications.Tests.Support;

namespace Workflow.Notifications.Tests.Templates;

/// <summary>Names, titles and comments written to break a mail: none of it may add a line, a header or a hidden character.</summary>
public sealed partial class HostileTextTests
{
    private const string Injected = "Bcc: x@example.org";
    private static readonly MessageRenderer NoLinks = new(NoMessageLinks.Instance);

    /// <summary>What must never reach a mail: control characters, the Unicode line and paragraph separators, and direction overrides.</summary>
    private static readonly char[] Forbidden =
    [
        .. Enumerable.Range(0, 0x20).Select(c => (char)c),
        .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c),
        '\u2028', '\u2029', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
    ];

    public static TheoryData<MessageKind> AllKinds => Cases.AllKinds;

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Render_EveryValueHostile_SubjectIsOneCleanLine(MessageKind kind)
    {
        var message = Hostile(kind);

        foreach (var recipient in message.To.Concat(message.Copy))
        {
            var subject = NoLinks.Render(message, recipient, copied: message.Copy.Contains(recipient)).Subject;

            Assert.Equal(-1, subject.IndexOfAny(Forbidden));
        }
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Render_EveryValueHostile_BodiesHoldNoForgedLineNorControlCharacter(MessageKind kind)
    {
        var message = Hostile(kind);

        foreach (var recipient in message.To.Concat(message.Copy))
        {
            var rendered = NoLinks.Render(message, recipient, copied: message.Copy.Contains(recipient));
            var text = rendered.Text.Replace(Environment.NewLine, "\n", StringComparison.Ordinal);

            Assert.Equal(-1, text.Replace("\n", "", StringComparison.Ordinal).IndexOfAny(Forbidden));
            Assert.Equal(-1, rendered.Html.Replace("\n", "", StringComparison.Ordinal).IndexOfAny(Forbidden));
            Assert.DoesNotMatch(HeaderLine(), text);
        }
    }

    [Fact]
    public void Render_NameWithALineBreak_GreetsOnOneLine()
    {
        var message = (Cases.For(MessageKind.Reminder).Message with { Person = role => new Recipient(role, $"Eve\r\n{Injected}", "eve@example.org") }).Build();

        var rendered = NoLinks.Render(message, message.To[0], copied: false);

        Assert.Contains($"\nDear Eve {Injected},\n", rendered.Text.Replace(Environment.NewLine, "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($">Dear Eve {Injected},</p>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SystemNameWithAUnicodeLineSeparator_KeepsTheSubjectOnOneLine()
    {
        var message = (Cases.For(MessageKind.PeerReviewPairing).Message with { PeerName = $"West Yorkshire\u2028{Injected}\u202E" }).Build();

        var rendered = NoLinks.Render(message, People.Pmo, copied: false);

        Assert.StartsWith($"Peer review pairing with West Yorkshire {Injected}: feedback due", rendered.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MultiLineComment_IsQuotedAsAnIndentedBlockWithItsLinesAndNothingHidden()
    {
        var message = (Cases.For(MessageKind.ChangesRequested).Message with
        {
            Detail = $"Fine.\r\n{Injected}\r\n\r\n\r\nSubject: z\u2028\u202Eend\u001b[2J\0",
        }).Build();

        var rendered = NoLinks.Render(message, People.Pmo, copied: false);

        Assert.Contains(
            $"The regional director's comments:\n    Fine.\n    {Injected}\n\n    Subject: z\n    end[2J\n\n",
            rendered.Text.Replace(Environment.NewLine, "\n", StringComparison.Ordinal),
            StringComparison.Ordinal);
        Assert.Contains($">Fine.<br>\n{Injected}<br>\n<br>\nSubject: z<br>\nend[2J</blockquote>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CommentOfNothingButControlCharacters_QuotesNothing()
    {
        var message = (Cases.For(MessageKind.PeerFeedbackReceived).Message with { Detail = "\r\n\u202E\0\t" }).Build();

        var rendered = NoLinks.Render(message, People.Pmo, copied: false);

        Assert.DoesNotContain("The feedback:", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Their feedback is below.", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("The feedback itself comes to you and the regional team from them directly.", rendered.Text, StringComparison.Ordinal);
    }

    /// <summary>A message of the kind in which every value people or files give carries line breaks and hidden characters.</summary>
    private static OutboundMessage Hostile(MessageKind kind)
    {
        var message = (Cases.For(kind).Message with
        {
            SystemName = $"Humber\r\n{Injected}\u2028\u202E",
            RegionName = $"North East\u2028{Injected}",
            PeerName = $"West Yorkshire\u0085{Injected}",
            Detail = $"Fine.\r\n{Injected}\rTo: y@example.org\u2029Subject: z\vFrom: w\0\u001b[2J\u202Eend",
            Person = role => new Recipient(role, $"Eve\r\n{Injected}\u202E", $"{role}@example.org"),
        }).Build();
        return message with
        {
            RoundTitle = $"2019/20 round\n{Injected}",
            MilestoneTitle = message.MilestoneTitle is null ? null : $"Milestone\r{Injected}",
            Contacts = [new Recipient(Role.RegionalDirector, $"Sam\n{Injected}\u2066", "sam@example.org")],
        };
    }

    /// <summary>A line that starts as a mail header would: what a forged line looks like, unquoted.</summary>
    [GeneratedRegex(@"^(Bcc|Cc|To|From|Subject|Reply-To|Content-Type):", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex HeaderLine();
}
