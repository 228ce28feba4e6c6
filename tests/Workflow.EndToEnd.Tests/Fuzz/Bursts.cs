using System.Text;
using Workflow.EndToEnd.Tests.Support;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// Fifty requests at once on one route, the same or a query parameter apart, so that refusals racing each other (two
/// checks of one link, one Idempotency-Key, one clock) are tried as well as refusals one at a time.
/// </summary>
internal static class Bursts
{
    public const int Size = 50;

    /// <summary>One burst for every route: where a race matters, one written for it; elsewhere one of the route's own cases, from the seed.</summary>
    public static IEnumerable<IReadOnlyList<HostileRequest>> For(FuzzTargets targets, IReadOnlyList<HttpRoute> routes, IReadOnlyList<HostileRequest> cases)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(routes);
        var written = Written(targets).ToDictionary(r => r.Function, StringComparer.Ordinal);
        foreach (var route in routes)
        {
            if (written.TryGetValue(route.Function, out var request))
            {
                yield return Of(request);
                continue;
            }
            // The route's own cases on its own method, framed honestly: a burst refused by the server before routing fuzzes nothing.
            var candidates = cases.Where(c => c.Function == route.Function && c.Kind == HostileRequest.OwnCases && route.Methods.Contains(c.Method) && c.Framing == Framing.Honest && c.Body.Length <= 64 * 1024
                && c.Target.Length < 2000 && c.Headers.Sum(h => h.Value.Length) < 2000).ToList();
            if (candidates.Count > 0)
            {
                yield return Of(candidates[targets.Random.Next(candidates.Count)]);
            }
        }
    }

    /// <summary><paramref name="request"/> fifty times: every other copy with a query parameter of its own.</summary>
    public static IReadOnlyList<HostileRequest> Of(HostileRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return [.. Enumerable.Range(0, Size).Select(i => (i % 2 == 0 ? request : request with { Target = $"{request.Target}{(request.Target.Contains('?', StringComparison.Ordinal) ? '&' : '?')}burst={i}" }) with
        {
            What = $"burst of {Size}: {request.What}",
            Kind = "bursts of 50 at once",
        })];
    }

    /// <summary>Races worth a burst of their own: each would change something were any one of the fifty taken.</summary>
    private static IEnumerable<HostileRequest> Written(FuzzTargets targets)
    {
        var deputy = targets.Host.Deputy(FuzzHostFixture.Awaiting).Email;
        var tampered = TokenTampering.Tampered(targets.Random, targets.DecideToken, 1);
        yield return new HostileRequest("ActOnLink", "a link one byte changed, a decision it would record", "POST", "/links/" + tampered)
        {
            Body = Encoding.UTF8.GetBytes(targets.Form(true, ("outcome", "agreed"))),
            ContentType = FormBodies.UrlEncoded,
            WithAntiforgeryCookie = true,
            MustRefuse = true,
        };
        yield return new HostileRequest("DelegateFromLink", "another visit's form token, a delegation it would record", "POST", $"/links/{targets.DecideToken}/delegate")
        {
            Body = Encoding.UTF8.GetBytes(targets.Form(false, (targets.AntiforgeryField.Key, targets.OtherAntiforgeryField.Value), ("deputy", deputy), ("until", "2019-12-20"))),
            ContentType = FormBodies.UrlEncoded,
            WithAntiforgeryCookie = true,
            MustRefuse = true,
        };
        yield return new HostileRequest("RecordSystemEvent", "one Idempotency-Key, a round not stored", "POST", $"/api/rounds/2020-21/systems/{FuzzHostFixture.Awaiting}/decision")
        {
            Headers = [("Idempotency-Key", "burst-1")],
        }.WithJson("""{"outcome": "agreed", "planVersion": 1, "by": "Fuzz Director"}""");
        yield return new HostileRequest("RaiseEvent", "a decision it would record, a bad Idempotency-Key", "POST", $"/api/instances/{AppHost.Round}/{FuzzHostFixture.Awaiting}/raiseEvent/decision")
        {
            Headers = [("Idempotency-Key", "../burst")],
        }.WithJson("""{"outcome": "agreed", "planVersion": 1, "by": "Fuzz Director"}""");
        yield return new HostileRequest("AdvanceClock", "the clock back to the round's opening", "POST", "/api/clock").WithJson("""{"advanceTo": "2019-06-27T09:00:00+01:00"}""");
        yield return new HostileRequest("AddRound", "the stored round changed under its version", "POST", "/api/rounds")
            .WithJson(ApiValues.RoundFile.Replace("NHS Long Term Plan", "A burst's", StringComparison.Ordinal));
        yield return new HostileRequest("ControlInstance", "purge a system still running", "POST", $"/api/instances/{AppHost.Round}/{FuzzHostFixture.Untouched}/purge")
            .WithJson("""{"reason": "Burst", "by": "National team"}""");
    }
}
