using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using SendGrid;
using SendGrid.Helpers.Mail;
using Workflow.Functions.Durable;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications;
using Workflow.Notifications.SendGrid;
using Workflow.Notifications.Templates;
using Workflow.Storage.Instances;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Durable;

/// <summary>
/// SendGrid takes a message for some of its people and fails for the next; the process stops, and another sends the
/// rest: only to those who have not had their copy.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PartialSendTests(AzuriteFixture azurite)
{
    private static readonly string Received = $"{TestData.InstanceId()}/received:draft";

    [Fact]
    public async Task Dispatch_SendGridFailsForTheSecondPerson_RetryInANewProcessSendsOnlyToThoseLeft()
    {
        var accepted = new ConcurrentQueue<string>();
        string? failing = null;
        var client = new Mock<ISendGridClient>();
        client.Setup(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((SendGridMessage mail, CancellationToken _) =>
            {
                var to = mail.Personalizations[0].Tos[0].Email;
                if (to == failing)
                {
                    return new Response(HttpStatusCode.ServiceUnavailable, new StringContent(""), null);
                }
                accepted.Enqueue(to);
                return new Response(HttpStatusCode.Accepted, new StringContent(""), null);
            });
        var state = new HostState(azurite, TestData.London(9, 20, 11)) { Sender = sp => SendGrid(sp, client.Object) };
        string message;
        IReadOnlyList<string> people;
        await using (var first = TestHost.Start(state))
        {
            await first.DrainAsync();
            using var draft = await first.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
            message = await first.TakeMessageAsync(Received);
            var sent = Outbound.ReadMessage((await first.OutboxRowAsync(Received))!);
            people = [.. sent.To.Concat(sent.Copy).Select(r => r.Email).Distinct(StringComparer.OrdinalIgnoreCase)];
            Assert.True(people.Count >= 2, "the message must go to more than one person");
            failing = people[1];
            accepted.Clear();

            Assert.Equal(DispatchOutcome.Retrying, await first.Get<Dispatcher>().DispatchAsync(message));
            Assert.Equal([people[0]], accepted);
        }

        failing = null;
        accepted.Clear();
        await using var second = TestHost.Start(state);
        second.Clock.SetUtcNow((await second.OutboxRowAsync(Received))!.NextTryAt!.Value);
        var outcome = await second.Get<Dispatcher>().DispatchAsync(message);

        Assert.Equal(DispatchOutcome.Sent, outcome);
        Assert.Equal(people.Skip(1), accepted);
        var row = (await second.OutboxRowAsync(Received))!;
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(2, row.Attempts);
    }

    /// <summary>The SendGrid sender as the host would make it, waiting no time between its own tries.</summary>
    private static SendGridSender SendGrid(IServiceProvider services, ISendGridClient client) =>
        new(client, services.GetRequiredService<MessageRenderer>(), new SendGridOptions { FromEmail = "planning@example.org" },
            services.GetRequiredService<IDeliveryLog>(), (_, _) => Task.CompletedTask, NullLogger.Instance);
}
