using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Api;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Storage.Deliveries;
using Workflow.Storage.Journal;
using Workflow.Storage.Links;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// The HTTP functions built by hand, as the host builds them, on a fresh Azurite account with the shipped round stored,
/// for tests that call them directly with a mocked Durable Task client. No instance exists until a test projects one.
/// </summary>
internal sealed class HandBuiltFunctions
{
    public static ReferenceData Reference => TestData.FewSystemsReference;

    public static Round Round => TestData.ShippedRound;

    private HandBuiltFunctions(InstancesFunctions instances, RoundsFunctions rounds, JournalStore journal) =>
        (Instances, Rounds, Journal) = (instances, rounds, journal);

    public InstancesFunctions Instances { get; }

    public RoundsFunctions Rounds { get; }

    public JournalStore Journal { get; }

    public static async Task<HandBuiltFunctions> StartAsync(AzuriteFixture azurite, WorkflowOptions? options = null)
    {
        var account = await azurite.CreateAccountAsync();
        var rounds = new RoundStore(account);
        await rounds.AddAsync(Round, TestData.RoundFile);
        var journal = new JournalStore(account);
        var status = new StatusStore(account);
        var versions = new RoundVersions(rounds, Reference);
        var planning = new PlanningClient(journal, new LinkClaimStore(account), versions, Reference, TimeProvider.System, Options.Create(options ?? new WorkflowOptions()));
        var catalog = new RoundCatalog(rounds, Reference);
        var suspensions = new RoundSuspensionStore(account);
        var pages = new StatusPages(new EphemeralDataProtectionProvider());
        var access = TestSignIn.Access(Reference);
        var instances = new InstancesFunctions(rounds, catalog, status, journal, new DeliveryStore(account),
            new InstanceActions(catalog, planning), pages, Reference, access, TimeProvider.System, NullLogger<InstancesFunctions>.Instance);
        var service = new RoundService(rounds, catalog, suspensions, versions, planning, journal, Reference, TimeProvider.System);
        return new HandBuiltFunctions(instances, new RoundsFunctions(rounds, catalog, service, suspensions, status, journal, pages, Reference, access, TimeProvider.System), journal);
    }

    /// <summary>Projects the instance as its orchestration would have: started when the round opened, then each of <paramref name="events"/>.</summary>
    public Task<InstanceState> ProjectAsync(InstanceId id, params InstanceEvent[] events) => ProjectAsync(Journal, id, events);

    /// <summary>Projects the instance into <paramref name="journal"/> as its orchestration would have: started when the round opened, then each of <paramref name="events"/>.</summary>
    public static async Task<InstanceState> ProjectAsync(JournalStore journal, InstanceId id, params InstanceEvent[] events)
    {
        Reference.Directory.TryGetSystem(id.System, out var system);
        var started = new InstanceStarted(Round.OpensAt, system!.Region);
        var state = StateMachine.Start(id, started);
        List<JournalEntry> entries = [new(started, state.Version)];
        foreach (var happened in events)
        {
            state = StateMachine.Apply(state, happened);
            entries.Add(new JournalEntry(happened, state.Version));
        }
        await journal.ProjectAsync(state, entries);
        return state;
    }

    /// <summary>The status an answer carries, as the host writes it out.</summary>
    public static int StatusOf(IResult result) => Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode!.Value;

    /// <summary>A request as the host hands it to a function, signed in as <paramref name="who"/> (the national team when null).</summary>
    public static HttpRequest Request(string method, string? body = null, string? query = null, ClientPrincipal? who = null, string contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.QueryString = new QueryString(query);
        if (body is not null)
        {
            context.Request.ContentType = contentType;
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }
        return context.Request.SignedIn(who);
    }
}
