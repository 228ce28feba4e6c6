using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Storage.Journal;
using Xunit;

namespace Workflow.Testing;

/// <summary>What a round on the durable backend should come to, and waiting until its journal shows it.</summary>
public static class DurableRound
{
    /// <summary>
    /// How long a round may take to reach its end. A host started after a kill first waits for the dead one's partition
    /// lease to lapse, and on a busy two-core machine that and the round's catching up can take most of two minutes.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    /// <summary>What the state machine alone issues for an instance nobody acts on, up to <paramref name="until"/>.</summary>
    public static List<Command> Predicted(InstanceState started, Round round, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(started);
        var state = StateMachine.Start(started.Id, new InstanceStarted(started.StartedAt, started.Region));
        var issued = new List<Command>();
        for (var now = started.StartedAt; now <= until;)
        {
            var decided = StateMachine.Decide(state, round, now);
            foreach (var command in decided.Commands)
            {
                state = StateMachine.Apply(state, new CommandIssued(now, command));
                issued.Add(command);
            }
            if (decided.NextWakeAt is not { } wake)
            {
                break;
            }
            now = wake;
        }
        return issued;
    }

    public static async Task<List<Command>> IssuedAsync(JournalStore journal, InstanceId id)
    {
        ArgumentNullException.ThrowIfNull(journal);
        return [.. (await journal.ReadAsync(id)).Select(e => e.Event).OfType<CommandIssued>().Select(c => c.Command)];
    }

    /// <summary>Until every instance has issued all the state machine predicts for it up to <paramref name="until"/>.</summary>
    public static Task WaitForAsync(JournalStore journal, IReadOnlyList<InstanceId> instances, Round round, DateTimeOffset until) => EventuallyAsync(async () =>
    {
        foreach (var id in instances)
        {
            if (await journal.GetAsync(id) is not { } snapshot || Predicted(snapshot.State, round, until).Select(c => c.Id).Except(snapshot.State.Issued).Any())
            {
                return false;
            }
        }
        return true;
    });

    /// <summary>Each instance has issued exactly what the state machine predicts up to <paramref name="until"/>, at the same instants.</summary>
    public static async Task AssertIssuedAsPredictedAsync(JournalStore journal, IReadOnlyList<InstanceId> instances, Round round, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(journal);
        foreach (var id in instances)
        {
            var predicted = Predicted((await journal.GetAsync(id))!.State, round, until);
            var issued = (await IssuedAsync(journal, id)).Where(c => c.At <= until);
            Assert.Equal(predicted.Select(Line), issued.Select(Line));
        }
    }

    public static async Task EventuallyAsync(Func<Task<bool>> done)
    {
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + Patience;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not done within {Patience.TotalSeconds} s.");
            await Task.Delay(250);
        }
    }

    private static string Line(Command command) => $"{command.At.UtcDateTime:yyyy-MM-dd HH:mm} {command.Id}";
}
