using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using global::SendGrid;
using Workflow.Core.Instances;
using Workflow.Notifications.SendGrid;
using Workflow.Notifications.Templates;
using Workflow.Notifications.Tests.Support;

namespace Workflow.Notifications.Tests.SendGrid;

/// <summary>The real SendGrid client against a listener on the loopback address: what actually goes over the wire.</summary>
public sealed class SendGridWireTests
{
    [Fact]
    public async Task SendAsync_RealClient_PostsOneMailSendRequestPerPerson()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var requests = new List<(string Path, string? Authorization, string Body)>();
        var serving = ServeAsync(listener, requests, count: 2);
        var client = new SendGridClient(new SendGridClientOptions { ApiKey = "SG.test-key", Host = $"http://127.0.0.1:{port}" });
        var sender = new SendGridSender(client, new MessageRenderer(NoMessageLinks.Instance),
            new SendGridOptions { FromEmail = "planning@england.nhs.uk", FromName = "NHS planning round" },
            new SharedDeliveryLog(), (_, _) => Task.CompletedTask, NullLogger.Instance);
        var message = Cases.For(MessageKind.Overdue).Message.Build();

        var result = await sender.SendAsync(message);
        await serving.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(SendResult.Sent, result);
        Assert.Equal(2, requests.Count);
        var (path, authorization, body) = requests[0];
        Assert.Equal("/v3/mail/send", path);
        Assert.Equal("Bearer SG.test-key", authorization);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var personalization = Assert.Single(root.GetProperty("personalizations").EnumerateArray());
        var to = Assert.Single(personalization.GetProperty("to").EnumerateArray());
        Assert.Equal(People.Pmo.Email, to.GetProperty("email").GetString());
        Assert.Equal(People.Pmo.Name, to.GetProperty("name").GetString());
        Assert.Equal("planning@england.nhs.uk", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("NHS planning round", root.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("Overdue: draft system plan was due Friday 27 September 2019 — Humber, Coast and Vale (2019/20 planning round)", root.GetProperty("subject").GetString());
        var content = root.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString()!);
        Assert.Contains("Friday 27 September 2019 at 5pm", content["text/plain"], StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", content["text/html"], StringComparison.Ordinal);
        Assert.Equal(["overdue", "2019-20", "draft"], root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var args = root.GetProperty("custom_args");
        Assert.Equal(message.Id, args.GetProperty("outbox_id").GetString());
        Assert.Equal(message.Id, args.GetProperty("idempotency_key").GetString());
        Assert.Equal("2019-20|E54000006", args.GetProperty("instance").GetString());
        Assert.False(root.GetProperty("tracking_settings").GetProperty("click_tracking").GetProperty("enable").GetBoolean());

        using var copy = JsonDocument.Parse(requests[1].Body);
        Assert.Equal(People.Director.Email, copy.RootElement.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal("true", copy.RootElement.GetProperty("custom_args").GetProperty("copied").GetString());
    }

    private static async Task ServeAsync(HttpListener listener, List<(string, string?, string)> requests, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var context = await listener.GetContextAsync();
            using (var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding))
            {
                requests.Add((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], await reader.ReadToEndAsync()));
            }
            context.Response.StatusCode = (int)HttpStatusCode.Accepted;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
