using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Storage;
using Workflow.Storage.Journal;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Orchestration;

/// <summary>The local host killed as a crash would (SIGKILL) and started again: nothing lost, nothing sent twice.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrashTests(AzuriteFixture azurite)
{
    private const double FourDaysASecond = 4 * 24 * 60 * 60;

    [Fact]
    public async Task KillTheHost_WhileEveryInstanceWaitsOnATimer_TheRestartedHostCarriesOnAndRepeatsNothing()
    {
        var mail = Path.Combine(TestData.Scratch, Guid.NewGuid().ToString("N"));
        var settings = DurableService.Settings(azurite, TestData.FewSystems, mail, TestData.BeforeOpening, FourDaysASecond);
        settings["Workflow:RoundFile"] = "rounds/2019-20.json";
        settings["Workflow:StartRoundOnLoad"] = "true";
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
