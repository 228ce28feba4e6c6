using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Storage;
using Workflow.Storage.Deliveries;
using Workflow.Storage.Journal;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Orchestration;

/// <summary>The local host killed as a crash would (SIGKILL) and started again: nothing lost, nothing sent twice.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrashTests(AzuriteFixture azurite)
{
    private const double FourDaysASecond = 4 * 24 * 60 * 60;

    /// <summary>
    /// The local host as <c>scripts/run.sh</c> runs it, loading the round and starting it, except that what a killed host
    /// had in hand is taken again after 20 seconds rather than Azure's five minutes.
    /// </summary>
    private Dictionary<string, string?> Settings(string dataFolder, string mail, DateTimeOffset clockStart, double clockSpeed)
    {
        var settings = DurableService.Settings(azurite, dataFolder, mail, clockStart, clockSpeed);
        settings["Workflow:RoundFile"] = "rounds/2019-20.json";
        settings["Workflow:StartRoundOnLoad"] = "true";
        settings["LocalHost:VisibilityTimeout"] = "00:00:20";
        return settings;
    }

    [Fact]
    public async Task KillTheHost_WhileEveryInstanceWaitsOnATimer_TheRestartedHostCarriesOnAndRepeatsNothing()
    {
        var mail = Path.Combine(TestData.Scratch, Guid.NewGuid().ToString("N"));
        var settings = Settings(TestData.FewSystems, mail, TestData.BeforeOpening, FourDaysASecond);
        var reference = ReferenceData.Load(Options.Create(new WorkflowOptions { DataFolder = TestData.FewSystems }));
        var round = RoundParser.Parse(TestData.RoundFile, reference.Calendar).GetValueOrThrow("the round");
        var instances = reference.Directory.Systems.Select(s => new InstanceId(round.Id, s.Code)).ToList();
        var journal = new JournalStore(new StorageAccount(new StorageOptions { ConnectionString = settings["Storage:ConnectionString"]!, Prefix = settings["Storage:Prefix"]! }));
        var escalated = TestData.London(10, 4, 10);

        using (var first = LocalHostProcess.Start(settings))
        {
            await WaitOrShowAsync(first, () => DurableRound.WaitForAsync(journal, instances, round, TestData.London(7, 25)));
            first.Kill();
        }
        using var second = LocalHostProcess.Start(settings);
        await WaitOrShowAsync(second, () => DurableRound.WaitForAsync(journal, instances, round, escalated));

        await DurableRound.AssertIssuedAsPredictedAsync(journal, instances, round, escalated);
        var sent = MailDrop.Read(mail);
        Assert.Equal(sent.Count, sent.Select(m => m.Id).Distinct().Count());
    }

    [Fact]
    public async Task KillTheHost_TwiceWhileAWaveOfMessagesIsBeingSent_EveryMessageGoesOnceToEachRecipient()
    {
        var mail = Path.Combine(TestData.Scratch, Guid.NewGuid().ToString("N"));
        var settings = Settings(RepositoryFiles.PathOf("data"), mail, TestData.BeforeOpening, FourDaysASecond);
        var reference = ReferenceData.Load(Options.Create(new WorkflowOptions { DataFolder = RepositoryFiles.PathOf("data") }));
        var round = RoundParser.Parse(TestData.RoundFile, reference.Calendar).GetValueOrThrow("the round");
        var instances = reference.Directory.Systems.Select(s => new InstanceId(round.Id, s.Code)).ToList();
        var account = new StorageAccount(new StorageOptions { ConnectionString = settings["Storage:ConnectionString"]!, Prefix = settings["Storage:Prefix"]! });
        var journal = new JournalStore(account);
        var escalated = TestData.London(10, 4, 10);
        using var watcher = new MailDropWatcher(mail);

        // Every instance waits on a timer for the footprint's first reminder; they all fire together and send one each.
        using (var first = LocalHostProcess.Start(settings))
        {
            await KillDuringWaveAsync(first, mail, TestData.London(7, 17), instances.Count, killAt: 1);
        }
        // The next host catches up on the reminders that came due while none ran, each instance on its own: killed with
        // about half of the draft's first reminders out.
        using (var second = LocalHostProcess.Start(settings))
        {
            await KillDuringWaveAsync(second, mail, TestData.London(9, 13), instances.Count, killAt: instances.Count / 2);
        }
        using var third = LocalHostProcess.Start(settings);
        await WaitOrShowAsync(third, () => DurableRound.WaitForAsync(journal, instances, round, escalated));

        await DurableRound.AssertIssuedAsPredictedAsync(journal, instances, round, escalated);
        await AssertSentOnceAsync(journal, new DeliveryStore(account), instances, escalated, MailDrop.Read(mail), watcher.Written);
    }

    [Fact]
    public async Task KillTheHost_JustAfterItAnswersThatADraftIsOnItsWay_ItIsAppliedOnceAndARepeatChangesNothing()
    {
        using var run = RaiseRun.Create(this);

        using (var first = LocalHostProcess.Start(run.Settings))
        {
            await run.WaitUntilStartedAsync(first);
            using var answer = await run.PostDraftAsync();
            first.Kill();
            // Answered 202: raised, though not yet applied. The host may still apply it in the moment between answering
            // and dying, so the journal holds it once or not at all; the restart must not apply it a second time.
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            Assert.InRange((await run.Journal.ReadAsync(RaiseRun.Draft)).Count(e => e.Event is PlanSubmitted), 0, 1);
        }

        using var second = LocalHostProcess.Start(run.Settings);
        await WaitOrShowAsync(second, () => run.WaitForDraftAsync());
        await run.WaitForHttpAsync(second);
        using var repeat = await run.PostDraftAsync();

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        await run.AssertDraftOnceAsync();
    }

    [Fact]
    public async Task KillTheHost_AsADraftIsPosted_ItIsAppliedOnceOrNotAtAllAndOnceWhenPostedAgain()
    {
        using var run = RaiseRun.Create(this);

        using (var first = LocalHostProcess.Start(run.Settings))
        {
            await run.WaitUntilStartedAsync(first);
            // Written whole to the socket, then the host dies before it can answer, or perhaps even read it.
            using var socket = new TcpClient();
            await socket.ConnectAsync(IPAddress.Loopback, run.Port);
            await socket.GetStream().WriteAsync(run.DraftRequestBytes());
            first.Kill();
        }

        using var second = LocalHostProcess.Start(run.Settings);
        await run.WaitForHttpAsync(second);
        Assert.InRange((await run.Journal.ReadAsync(RaiseRun.Draft)).Count(e => e.Event is PlanSubmitted), 0, 1);
        using var retry = await run.PostDraftAsync();

        Assert.Contains(retry.StatusCode, (HttpStatusCode[])[HttpStatusCode.OK, HttpStatusCode.Accepted]);
        await WaitOrShowAsync(second, () => run.WaitForDraftAsync());
        await run.AssertDraftOnceAsync();
    }

    /// <summary>
    /// A local host on real time a week before the draft is due, on a port of its own that stays the same across
    /// restarts, whose requests answer 202 as soon as they have raised their event: what it takes to kill it between an
    /// event raised and applied.
    /// </summary>
    private sealed class RaiseRun : IDisposable
    {
        public const string Key = "crash-draft-1";

        public const string EventId = "api:" + Key;

        public static readonly InstanceId Draft = new(new RoundId(TestData.Round), new SystemCode(TestData.System));

        private const string Body = """{"milestone":"draft","by":"pmo@example.org","reference":"https://example.org/plans/draft.pdf"}""";

        private RaiseRun(Dictionary<string, string?> settings, int port, string mail)
        {
            Settings = settings;
            Port = port;
            Mail = mail;
            Watcher = new MailDropWatcher(mail);
            Account = new StorageAccount(new StorageOptions { ConnectionString = settings["Storage:ConnectionString"]!, Prefix = settings["Storage:Prefix"]! });
            Journal = new JournalStore(Account);
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) }.SignedIn();
        }

        public Dictionary<string, string?> Settings { get; }

        public int Port { get; }

        public string Mail { get; }

        public MailDropWatcher Watcher { get; }

        public StorageAccount Account { get; }

        public JournalStore Journal { get; }

        public HttpClient Http { get; }

        public static RaiseRun Create(CrashTests tests)
        {
            var mail = Path.Combine(TestData.Scratch, Guid.NewGuid().ToString("N"));
            var settings = tests.Settings(TestData.FewSystems, mail, TestData.London(9, 20, 11), clockSpeed: 1);
            settings["Workflow:RaiseWaitSeconds"] = "0";
            var port = FreePort();
            settings["urls"] = $"http://127.0.0.1:{port}";
            return new RaiseRun(settings, port, mail);
        }

        /// <summary>
        /// Until the instance raised on has projected what it sent as it started; it may still be finishing that
        /// iteration, so an event raised now can come while it is not yet waiting.
        /// </summary>
        public Task WaitUntilStartedAsync(LocalHostProcess host) =>
            WaitOrShowAsync(host, () => DurableRound.WaitForAsync(Journal, [Draft], TestData.ShippedRound, TestData.London(9, 20, 11)));

        public async Task WaitForHttpAsync(LocalHostProcess host) => await WaitOrShowAsync(host, () => DurableRound.EventuallyAsync(async () =>
        {
            try
            {
                using var health = await Http.GetAsync(new Uri("/api/health", UriKind.Relative));
                return health.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }));

        public Task<HttpResponseMessage> PostDraftAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/instances/{TestData.Round}/{TestData.System}/raiseEvent/submission")
            {
                Content = new StringContent(Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", Key);
            return Http.SendAsync(request);
        }

        public byte[] DraftRequestBytes() => Encoding.UTF8.GetBytes(
            $"POST /api/instances/{TestData.Round}/{TestData.System}/raiseEvent/submission HTTP/1.1\r\n" +
            $"Host: 127.0.0.1:{Port}\r\nContent-Type: application/json\r\nIdempotency-Key: {Key}\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(Body)}\r\n\r\n{Body}");

        public Task WaitForDraftAsync() => DurableRound.EventuallyAsync(async () =>
            await Journal.FindAsync(Draft, EventId) is not null
            && (await DurableRound.IssuedAsync(Journal, Draft)).Any(c => c.Kind == MessageKind.SubmissionReceived));

        /// <summary>The draft recorded once, under its key, and its receipt issued once and put in the mail drop once, to each of its recipients once.</summary>
        public async Task AssertDraftOnceAsync()
        {
            // A little longer, for a second application or a second send, if there were one, to show.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var journal = await Journal.ReadAsync(Draft);
            var submitted = Assert.Single(journal, e => e.Event is PlanSubmitted);
            Assert.Equal(EventId, submitted.EventId);
            var receipt = Assert.Single(await DurableRound.IssuedAsync(Journal, Draft), c => c.Kind == MessageKind.SubmissionReceived);
            var mail = Assert.Single(MailDrop.Read(Mail), m => m.Id == receipt.Id);
            Assert.Equal(1, Watcher.Written.GetValueOrDefault(mail.File));
            var delivered = (await new DeliveryStore(Account).ListAsync(Draft))[receipt.Id].Select(d => d.Email);
            Assert.Equal(mail.Recipients.Order(StringComparer.OrdinalIgnoreCase), delivered.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        }

        public void Dispose()
        {
            Http.Dispose();
            Watcher.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    /// <summary>
    /// Kills the host as soon as <paramref name="killAt"/> of the <paramref name="size"/> messages decided at
    /// <paramref name="at"/> are in the mail drop, and checks the kill came while the wave was still being sent.
    /// </summary>
    private static async Task KillDuringWaveAsync(LocalHostProcess host, string mail, DateTimeOffset at, int size, int killAt)
    {
        var pattern = $"{at.UtcDateTime:yyyyMMdd'T'HHmmss}-*.json";
        int Sent() => Directory.EnumerateFiles(mail, pattern).Count();
        var deadline = DateTime.UtcNow + DurableRound.Patience;
        while (Sent() < killAt)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{killAt} of the messages of {at:O} were not sent within {DurableRound.Patience.TotalSeconds} s.\nThe local host wrote:\n{host.Output}");
            }
            await Task.Delay(1);
        }
        host.Kill();
        var sent = Sent();
        Assert.True(sent < size, $"All {size} messages of {at:O} were out before the host died; the kill did not come mid-wave.");
    }

    /// <summary>
    /// Every message issued up to <paramref name="until"/> is in the mail drop, its file put there once, and the delivery
    /// log has each of its recipients once, and no one else.
    /// </summary>
    private static async Task AssertSentOnceAsync(
        JournalStore journal, DeliveryStore deliveries, IReadOnlyList<InstanceId> instances, DateTimeOffset until,
        IReadOnlyList<DroppedMail> dropped, IReadOnlyDictionary<string, int> written)
    {
        Assert.Equal(dropped.Count, dropped.Select(m => m.Id).Distinct().Count());
        Assert.All(written, w => Assert.True(w.Value == 1, $"{w.Key} was put in the mail drop {w.Value} times."));
        var byId = dropped.ToDictionary(m => m.Id, StringComparer.Ordinal);
        foreach (var id in instances)
        {
            var delivered = await deliveries.ListAsync(id);
            foreach (var command in (await DurableRound.IssuedAsync(journal, id)).Where(c => c.At <= until))
            {
                Assert.True(byId.TryGetValue(command.Id, out var message), $"{command.Id} was issued and never sent.");
                Assert.Equal(1, written.GetValueOrDefault(message.File));
                Assert.Equal(
                    message.Recipients.Order(StringComparer.OrdinalIgnoreCase),
                    delivered[command.Id].Select(d => d.Email).Order(StringComparer.OrdinalIgnoreCase),
                    StringComparer.OrdinalIgnoreCase);
            }
        }
    }

    private static async Task WaitOrShowAsync(LocalHostProcess host, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (Exception ex) when (ex is Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{ex.Message}\nThe local host wrote:\n{host.Output}", ex);
        }
    }
}
