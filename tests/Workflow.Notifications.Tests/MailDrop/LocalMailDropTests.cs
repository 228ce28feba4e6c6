using System.Text.Json;
using Microsoft.Extensions.Options;
using Moq;
using Workflow.Core.Instances;
using Workflow.Notifications.Templates;
using Workflow.Notifications.Tests.Support;

namespace Workflow.Notifications.Tests.MailDrop;

public sealed class LocalMailDropTests : IDisposable
{
    private static readonly Uri Link = new("https://planning.example.org/links/pmo-token");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maildrop-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task SendAsync_Message_SavesOneFileWithBothBodiesForEachPerson()
    {
        var message = Cases.For(MessageKind.Overdue).Message.Build();

        var result = await Drop().SendAsync(message);

        Assert.Equal(SendResult.Sent, result);
        var file = Assert.Single(Directory.GetFiles(_folder));
        Assert.Equal(LocalMailDrop.FileName(message), Path.GetFileName(file));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var root = json.RootElement;
        Assert.Equal(message.Id, root.GetProperty("id").GetString());
        Assert.Equal("overdue", root.GetProperty("kind").GetString());
        Assert.Equal("2019-20|E54000006", root.GetProperty("instance").GetString());
        Assert.Equal("draft", root.GetProperty("milestone").GetString());
        Assert.Equal(["Alex Morgan <alex.morgan@nhs.net>"], root.GetProperty("to").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["Sam Patel <sam.patel@nhs.net>"], root.GetProperty("copy").EnumerateArray().Select(t => t.GetString()));
        Assert.StartsWith("Overdue: draft system plan", root.GetProperty("subject").GetString(), StringComparison.Ordinal);
        var recipients = root.GetProperty("recipients").EnumerateArray().ToList();
        Assert.Equal(2, recipients.Count);
        Assert.Equal("pmo", recipients[0].GetProperty("role").GetString());
        Assert.False(recipients[0].GetProperty("copied").GetBoolean());
        Assert.Equal(Link.AbsoluteUri, recipients[0].GetProperty("link").GetString());
        Assert.Contains("<h1", recipients[0].GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Contains("Dear Alex Morgan,", recipients[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(recipients[1].GetProperty("copied").GetBoolean());
        Assert.False(recipients[1].TryGetProperty("link", out _));
        Assert.Contains("You are copied", recipients[1].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NameWithALineBreak_IsSavedAsTheOneLineItWouldBeSentAs()
    {
        var message = (Cases.For(MessageKind.Reminder).Message with
        {
            Person = role => new Recipient(role, "Eve\r\nBcc: x@example.org", "eve@example.org"),
        }).Build();

        await Drop().SendAsync(message);

        var entry = await Reader().ReadAsync(LocalMailDrop.FileName(message));
        Assert.NotNull(entry);
        Assert.Equal(["Eve Bcc: x@example.org <eve@example.org>"], entry.To);
        Assert.Equal("Eve Bcc: x@example.org", Assert.Single(entry.Recipients).Name);
    }

    [Fact]
    public async Task SendAsync_WithADeliveryLog_RecordsEveryRecipientAsSentAndDelivered()
    {
        var message = Cases.For(MessageKind.Overdue).Message.Build();
        var log = new SharedDeliveryLog();
        var drop = new LocalMailDrop(Options.Create(new MailDropOptions { Folder = _folder }), new MessageRenderer(NoMessageLinks.Instance), log);

        await drop.SendAsync(message);

        var expected = message.To.Concat(message.Copy).Select(r => r.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.True(expected.SetEquals(await log.SentToAsync(message)));
        Assert.Equal(expected.Order(StringComparer.OrdinalIgnoreCase), log.Statuses.Select(s => s.Email).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.All(log.Statuses, s => Assert.Equal((message.Id, MailStatus.Delivered, LocalMailDrop.DeliveredEventId), (s.MessageId, s.Status, s.EventId)));
    }

    [Fact]
    public async Task SendAsync_AgainAfterACrashBeforeTheDeliveriesWereRecorded_LeavesTheFileSentAndRecordsEveryone()
    {
        var message = Cases.For(MessageKind.Overdue).Message.Build();
        await Drop().SendAsync(message);
        var path = Path.Combine(_folder, LocalMailDrop.FileName(message));
        var sentAt = new DateTime(2019, 9, 30, 8, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, sentAt);
        var log = new SharedDeliveryLog();

        await new LocalMailDrop(Options.Create(new MailDropOptions { Folder = _folder }), new MessageRenderer(NoMessageLinks.Instance), log).SendAsync(message);

        Assert.Equal(sentAt, File.GetLastWriteTimeUtc(path));
        Assert.True(message.To.Concat(message.Copy).Select(r => r.Email).ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(await log.SentToAsync(message)));
    }

    [Fact]
    public async Task SendAsync_SameMessageTwice_LeavesItsOneFile()
    {
        var message = Cases.For(MessageKind.Reminder).Message.Build();
        var drop = Drop();

        await drop.SendAsync(message);
        await Task.WhenAll(drop.SendAsync(message), drop.SendAsync(message));

        Assert.Equal([LocalMailDrop.FileName(message)], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ListAsync_SeveralMessages_NewestFirst()
    {
        var drop = Drop();
        var kinds = new[] { MessageKind.Timetable, MessageKind.Overdue, MessageKind.Reminder };
        foreach (var kind in kinds)
        {
            await drop.SendAsync(Cases.For(kind).Message.Build());
        }

        var listed = await Reader().ListAsync();

        // The timetable went in June, the draft overdue notice in September, the final reminder in November.
        Assert.Equal(["reminder", "overdue", "timetable"], listed.Select(m => m.Kind));
        Assert.All(listed, m => Assert.NotEmpty(m.Recipients));
        Assert.Equal(2, (await Reader().ListAsync(max: 2)).Count);
    }

    [Fact]
    public async Task ReadAsync_SavedMessage_ReadsBackEverything()
    {
        var message = Cases.For(MessageKind.ChangesRequested).Message.Build();
        await Drop().SendAsync(message);

        var entry = await Reader().ReadAsync(LocalMailDrop.FileName(message));

        Assert.NotNull(entry);
        Assert.Equal(LocalMailDrop.FileName(message), entry.File);
        Assert.Equal(message.Id, entry.Id);
        Assert.Equal(message.Command.At, entry.At);
        Assert.Equal(message.Command.Due, entry.Due);
        Assert.Equal(1, entry.PlanVersion);
        Assert.Equal("Humber, Coast and Vale", entry.System);
        var copy = Assert.Single(entry.Recipients);
        Assert.Equal(entry.Subject, copy.Subject);
        Assert.Equal(Link, copy.Link);
        Assert.Contains("mental health investment standard", copy.Text, StringComparison.Ordinal);
        Assert.Contains("mental health investment standard", copy.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../secrets.json")]
    [InlineData("/etc/passwd")]
    [InlineData("20191108T090000-0123456789abcdef.json")]
    public async Task ReadAsync_NameNotOfASavedMessage_IsNull(string name) =>
        Assert.Null(await Reader().ReadAsync(name));

    [Fact]
    public async Task ListAsync_NoFolderYet_IsEmpty() => Assert.Empty(await Reader().ListAsync());

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private LocalMailDrop Drop()
    {
        var links = new Mock<IMessageLinks>();
        links.Setup(l => l.LinkFor(It.IsAny<OutboundMessage>(), People.Pmo)).Returns(Link);
        return new LocalMailDrop(Options.Create(new MailDropOptions { Folder = _folder }), new MessageRenderer(links.Object));
    }

    private MailDropReader Reader() => new(Options.Create(new MailDropOptions { Folder = _folder }));
}
