using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Storage.Journal;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;

namespace Workflow.Functions.Api;

/// <summary>
/// Rounds: store one, start it, change its timetable, and read every system's status (JSON or CSV) and the messages
/// that could not be sent.
/// </summary>
public sealed class RoundsFunctions(
    RoundStore store, RoundCatalog catalog, RoundService service, RoundSuspensionStore suspensions, StatusStore status, JournalStore journal,
    StatusPages pages, ReferenceData reference, Access access, TimeProvider time)
{
    [Function("ListRounds")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/rounds")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (access.Require(request).Refusal is { } refused)
        {
            return refused;
        }
        var views = new List<RoundView>();
        foreach (var id in (await store.ListAsync(cancellationToken)).Select(r => r.Round).Distinct())
        {
            if (await catalog.GetAsync(id, cancellationToken: cancellationToken) is { } stored)
            {
                views.Add(Views.Of(stored.Round, (await suspensions.GetAsync(id, cancellationToken))?.Suspension));
            }
        }
        return Results.Ok(views);
    }

    [Function("GetRound")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/rounds/{round}")] HttpRequest request, string round, CancellationToken cancellationToken) =>
        access.Require(request).Refusal ?? Http.Malformed(round) ?? (await catalog.GetAsync(new RoundId(round), cancellationToken: cancellationToken) is { } stored
            ? Results.Ok(Views.Of(stored.Round, (await suspensions.GetAsync(stored.Round.Id, cancellationToken))?.Suspension))
            : Http.NotFound($"There is no round '{round}'."));

    [Function("AddRound")]
    public async Task<IResult> AddAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/rounds")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (access.RequireRoundChanges(request).Refusal is { } refused)
        {
            return refused;
        }
        var (body, error) = await Http.ReadBodyAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var added = await service.AddAsync(body!, cancellationToken);
        // Only a sound file that clashes with the stored round is a conflict; a version that is malformed (text, below
        // one, a fraction) is a problem with the file like any other.
        return added.Round is { } round
            ? Results.Created($"/api/rounds/{round.Id}", Views.Of(round))
            : added.Clash ? Http.Conflict(added.Problems[0].Message) : Http.Invalid(added.Problems);
    }

    [Function("StartRound")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/rounds/{round}/start")] HttpRequest request,
        string round, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        access.RequireRoundChanges(request).Refusal ?? Http.Malformed(round) ?? (await service.StartAsync(client, new RoundId(round), cancellationToken) is { } started
            ? Results.Ok(new StartView(round, started.Started, started.AlreadyRunning))
            : Http.NotFound($"There is no round '{round}'."));

    [Function("ChangeTimetable")]
    public async Task<IResult> ChangeTimetableAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/rounds/{round}/timetable")] HttpRequest request,
        string round, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await WithBodyAsync(request, round, async (id, body) =>
        {
            var (changed, pending) = await service.ChangeTimetableAsync(client, id, body, cancellationToken);
            if (changed.Value is not { } updated)
            {
                return Http.Invalid(changed.Problems);
            }
            // Stored, and some instances had not yet applied it: they will, and the same request again tells any that missed it.
            return pending == 0 ? Results.Ok(Views.Of(updated)) : Results.Accepted($"/api/rounds/{round}", Views.Of(updated));
        }, cancellationToken);

    /// <summary>
    /// What a changed timetable (the body <c>PUT …/timetable</c> takes) would move and send for every running system,
    /// before it is confirmed. Nothing is stored or sent.
    /// </summary>
    [Function("PreviewTimetable")]
    public async Task<IResult> PreviewTimetableAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/rounds/{round}/timetable/preview")] HttpRequest request, string round, CancellationToken cancellationToken) =>
        await WithBodyAsync(request, round, async (id, body) => Answer(await service.PreviewTimetableAsync(id, body, cancellationToken)), cancellationToken);

    /// <summary>What resuming the round now (the body <c>POST …/resume</c> takes) would move and send for every system it suspended. Nothing is stored or sent.</summary>
    [Function("PreviewResumption")]
    public async Task<IResult> PreviewResumptionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/rounds/{round}/resume/preview")] HttpRequest request, string round, CancellationToken cancellationToken) =>
        await WithResumptionAsync(request, round, async (id, by, timetable) => Answer(await service.PreviewResumptionAsync(id, by, timetable, cancellationToken)), cancellationToken);

    /// <summary>
    /// A round-wide change, or its preview, which takes a body: the national team's alone; 404 for a round nothing could
    /// be called or not stored, before the body is read; 400 for a body that cannot be.
    /// </summary>
    private async Task<IResult> WithBodyAsync(HttpRequest request, string round, Func<RoundId, string, Task<IResult>> act, CancellationToken cancellationToken)
    {
        if (access.RequireRoundChanges(request).Refusal is { } refused)
        {
            return refused;
        }
        if (await Http.UnknownRoundAsync(catalog, round, cancellationToken) is { } unknown)
        {
            return unknown;
        }
        var (body, error) = await Http.ReadBodyAsync(request, cancellationToken);
        return error ?? await act(new RoundId(round), body!);
    }

    /// <summary>A resumption's body, as <c>POST …/resume</c> and its preview take it: who resumes, and the timetable it resumes on, if any.</summary>
    private Task<IResult> WithResumptionAsync(HttpRequest request, string round, Func<RoundId, string, string?, Task<IResult>> act, CancellationToken cancellationToken) =>
        WithBodyAsync(request, round, async (id, body) =>
        {
            var (resume, invalid) = ControlRequests.ReadResumption(body);
            return invalid ?? await act(id, resume!.Value.By, resume.Value.Timetable);
        }, cancellationToken);

    private IResult Answer(ChangePreviewed preview) =>
        preview.Problems is { } problems ? Http.Invalid(problems)
        : preview.Conflict is { } conflict ? Http.Conflict(conflict)
        : Results.Ok(Views.Of(preview.Round!, preview.Systems, reference.Directory));

    /// <summary>
    /// Suspends every running system of the round at once, with who and why: nothing at all is sent to any of them
    /// until the round resumes. 200 once every instance has it, 202 while some have yet to apply it.
    /// </summary>
    [Function("SuspendRound")]
    public async Task<IResult> SuspendAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/rounds/{round}/suspend")] HttpRequest request,
        string round, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await WithBodyAsync(request, round, async (id, body) =>
        {
            var (control, invalid) = ControlRequests.Read(body, reasonRequired: true);
            return invalid ?? await AnswerAsync(round, await service.SuspendAsync(client, id, control!.Value.By, control.Value.Reason, cancellationToken), cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Resumes every system the round's suspension suspended: each open due date moves on by the working days suspended,
    /// or, given a <c>timetable</c> (a timetable change), the round moves to it first and its dates are kept as given.
    /// </summary>
    [Function("ResumeRound")]
    public async Task<IResult> ResumeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/rounds/{round}/resume")] HttpRequest request,
        string round, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await WithResumptionAsync(request, round, async (id, by, timetable) =>
            await AnswerAsync(round, await service.ResumeAsync(client, id, by, timetable, cancellationToken), cancellationToken), cancellationToken);

    private async Task<IResult> AnswerAsync(string round, SuspensionChange change, CancellationToken cancellationToken)
    {
        if (change.Problems is { } problems)
        {
            return Http.Invalid(problems);
        }
        if (change.Conflict is { } conflict)
        {
            return Http.Conflict(conflict);
        }
        var view = Views.Of((await catalog.GetAsync(new RoundId(round), cancellationToken: cancellationToken))!.Round, change.Suspension);
        return change.Pending == 0 ? Results.Ok(view) : Results.Accepted($"/api/rounds/{round}", view);
    }

    /// <summary>
    /// Every system's status in one round that the caller may see (the national team: all); <c>?format=csv</c> exports it.
    /// Without <c>top</c> it is one page of every row, as it was before pages, so callers that read it whole still do.
    /// </summary>
    [Function("RoundStatus")]
    public async Task<IResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/rounds/{round}/status")] HttpRequest request, string round, CancellationToken cancellationToken)
    {
        var (viewer, refused) = access.Require(request);
        if (refused is not null)
        {
            return refused;
        }
        if (await Http.UnknownRoundAsync(catalog, round, cancellationToken) is { } unknown)
        {
            return unknown;
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var asked = pages.Read(request.Query, $"rounds/{round}/status", [], defaultTop: null, errors);
        if (errors.Count > 0)
        {
            return Http.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var rows = (await status.ListAsync(new RoundId(round), cancellationToken)).Where(s => access.May(viewer!, Permission.See, s.Instance.System)).Select(s => Views.Of(s, reference.Directory, now)).OrderBy(r => r.System, StringComparer.Ordinal).ToList();
        return request.Query["format"] == "csv"
            ? Views.Csv(rows, $"{round}-status.csv")
            : StatusPages.Ok(request, pages.Page(rows, asked));
    }

    /// <summary>Messages that failed past their retries, each with why, for the national team (or a region, its own) to follow up and resend.</summary>
    [Function("UndeliveredMessages")]
    public async Task<IResult> UndeliveredAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/rounds/{round}/undelivered")] HttpRequest request, string round, CancellationToken cancellationToken)
    {
        var (viewer, refused) = access.Require(request);
        if (refused is not null)
        {
            return refused;
        }
        if (await Http.UnknownRoundAsync(catalog, round, cancellationToken) is { } unknown)
        {
            return unknown;
        }
        var messages = new List<UndeliveredInstanceView>();
        foreach (var system in reference.Directory.Systems.Where(s => viewer!.May(Permission.See, s)).OrderBy(s => s.Code.Value, StringComparer.Ordinal))
        {
            var id = new InstanceId(new RoundId(round), system.Code);
            if (await journal.GetAsync(id, cancellationToken) is { } snapshot)
            {
                messages.AddRange(snapshot.State.Undelivered.Values.OrderBy(u => u.FailedAt).Select(u => new UndeliveredInstanceView(id.ToString(), system.Code.Value, Views.Of(u))));
            }
        }
        return Results.Ok(new UndeliveredPage(messages.Count, messages));
    }
}
