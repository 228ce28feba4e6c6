using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Storage;
using Workflow.Storage.Journal;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Support;

/// <summary>A page as a function answered it: its status, where it sends the browser on, its HTML, and the anti-forgery cookie the browser holds with it.</summary>
internal sealed record PageAnswer(int Status, string? Location, string Html, string? Cookie);

/// <summary>
/// The HTTP functions as the Functions host makes them: the service's own registration on a fresh Azurite account,
/// with the shipped round stored and a virtual clock running from a given instant, each function class activated from
/// it as the host activates one. For tests that call functions directly with a mocked Durable Task client: built from
/// the registration, a function gets the stores, sign-in, renderer, anti-forgery, link signing and clock the host would
/// give it, not a test's own assembly of them. No instance exists until a test projects one.
/// </summary>
internal sealed class RegisteredFunctions : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private RegisteredFunctions(ServiceProvider services) => _services = services;

    public StorageAccount Account => Get<StorageAccount>();

    public JournalStore Journal => Get<JournalStore>();

    public DateTimeOffset Now => Get<TimeProvider>().GetUtcNow();

    /// <param name="clock">The round instant the virtual clock reads at start; it runs at real speed from there.</param>
    /// <param name="more">Settings of the test's own, over the usual ones.</param>
    public static async Task<RegisteredFunctions> StartAsync(AzuriteFixture azurite, DateTimeOffset clock, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = DurableService.Settings(azurite, TestData.FewSystems, Path.Combine(TestData.Scratch, "mail-" + Guid.NewGuid().ToString("N")), clock, clockSpeed: 1);
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var functions = new RegisteredFunctions(new ServiceCollection().AddLogging().AddWorkflow(configuration).BuildServiceProvider());
        await functions.Create<StorageStart>().StartAsync(CancellationToken.None);
        await functions.Get<RoundStore>().AddAsync(TestData.ShippedRound, TestData.RoundFile);
        return functions;
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>A function class, or anything else the service makes, as the host activates it: from the registration.</summary>
    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    /// <summary>Projects the instance as its orchestration would have, with its status row as the dashboard reads it.</summary>
    public async Task<InstanceState> ProjectAsync(InstanceId id, params InstanceEvent[] events)
    {
        Get<ReferenceData>().Directory.TryGetSystem(id.System, out var system);
        var started = new InstanceStarted(TestData.ShippedRound.OpensAt, system!.Region);
        var state = StateMachine.Start(id, started);
        List<JournalEntry> entries = [new(started, state.Version)];
        foreach (var happened in events)
        {
            state = StateMachine.Apply(state, happened);
            entries.Add(new JournalEntry(happened, state.Version));
        }
        await Journal.ProjectAsync(state, entries);
        await Get<StatusStore>().WriteAsync(InstanceStatus.Of(state, TestData.ShippedRound, Now));
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

    /// <summary>Opens a page as <paramref name="who"/> (the national team when null) would.</summary>
    public Task<PageAnswer> GetAsync(ClientPrincipal? who, Func<HttpRequest, Task<IResult>> page, string? query = null) =>
        AnswerAsync(Served(Request("GET", query: query, who: who)), page);

    /// <summary>
    /// Sends a form of <paramref name="drawn"/> back as a browser would: with the token and key it was drawn with, the
    /// cookie that goes with them, and the answers given, to an address with <paramref name="query"/>.
    /// </summary>
    public Task<PageAnswer> PostAsync(
        PageAnswer drawn, ClientPrincipal? who, Func<HttpRequest, Task<IResult>> function, IEnumerable<(string Name, string Value)>? answers = null, string? query = null)
    {
        ArgumentNullException.ThrowIfNull(drawn);
        var fields = PageBrowser.Drawn(drawn.Html).Select(f => KeyValuePair.Create(f.Key, (string?)f.Value))
            .Concat((answers ?? []).Select(a => KeyValuePair.Create(a.Name, (string?)a.Value)));
        var request = Served(Request("POST", QueryString.Create(fields).ToUriComponent()[1..], query, who, "application/x-www-form-urlencoded"));
        request.Headers.Cookie = drawn.Cookie;
        return AnswerAsync(request, function);
    }

    /// <summary>
    /// What <paramref name="act"/> answers, once it is checked to have asked <paramref name="durable"/> for nothing and
    /// written nothing: a refusal, as every test of one must see it.
    /// </summary>
    public async Task<T> NothingDoneAsync<T>(Mock<DurableTaskClient> durable, Func<Task<T>> act)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(act);
        var before = await StorageSnapshot.TakeAsync(Account);
        var answer = await act();
        Assert.Equal(before, await StorageSnapshot.TakeAsync(Account));
        durable.VerifyNoOtherCalls();
        return answer;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private HttpRequest Served(HttpRequest request)
    {
        request.HttpContext.RequestServices = _services;
        request.HttpContext.Response.Body = new MemoryStream();
        return request;
    }

    /// <summary>What the function answers <paramref name="request"/>, written out as the host writes it.</summary>
    private static async Task<PageAnswer> AnswerAsync(HttpRequest request, Func<HttpRequest, Task<IResult>> function)
    {
        var response = request.HttpContext.Response;
        await (await function(request)).ExecuteAsync(request.HttpContext);
        response.Body.Position = 0;
        var html = await new StreamReader(response.Body).ReadToEndAsync();
        // The browser keeps the cookie a page set, or goes on with the one it sent.
        var cookie = response.Headers.SetCookie is { Count: > 0 } set ? set[0]!.Split(';')[0] : request.Headers.Cookie.ToString();
        return new PageAnswer(response.StatusCode, response.Headers.Location, html, cookie.Length == 0 ? null : cookie);
    }
}
