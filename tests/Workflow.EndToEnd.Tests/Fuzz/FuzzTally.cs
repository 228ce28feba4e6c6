using System.Globalization;
using System.Text;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>What the run sent and got, counted as the answers come in (a long run keeps no answer once it is judged).</summary>
internal sealed class FuzzTally(IReadOnlyList<HttpRoute> routes)
{
    /// <summary>Failures described in full; past these only counted, so a run that goes wrong everywhere still ends readably.</summary>
    private const int FailuresShown = 80;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Requests, int Reached, SortedDictionary<int, int> Statuses)> _routes =
        routes.ToDictionary(r => r.Function, _ => (0, 0, new SortedDictionary<int, int>()), StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _kinds = new(StringComparer.Ordinal);
    private readonly int[] _classes = new int[6];
    private readonly List<string> _failures = [];

    public int Requests { get; private set; }

    public int Failed { get; private set; }

    public int ServerErrors => _classes[5];

    public IReadOnlyList<string> Failures => _failures;

    public void Add(int caseNumber, HostileRequest request, HttpRoute? reached, string? endpoint, WireResponse response, IReadOnlyList<string> problems)
    {
        lock (_lock)
        {
            Requests++;
            _classes[Math.Clamp(response.Status / 100, 0, 5)]++;
            _kinds[request.Kind] = _kinds.GetValueOrDefault(request.Kind) + 1;
            if (_routes.TryGetValue(request.Function, out var route))
            {
                route.Statuses[response.Status] = route.Statuses.GetValueOrDefault(response.Status) + 1;
                _routes[request.Function] = (route.Requests + 1, route.Reached + (reached?.Function == request.Function ? 1 : 0), route.Statuses);
            }
            if (problems.Count > 0)
            {
                Failed++;
                if (_failures.Count < FailuresShown)
                {
                    _failures.AddRange(problems.Select(p => $"#{caseNumber} {request}\n    reached {reached?.Function ?? endpoint ?? "no function"}; {p}; answered {response.Status} {response.MediaType}: {response.Excerpt}"));
                }
            }
        }
    }

    /// <summary>Routes whose requests reached their function fewer than <paramref name="atLeast"/> times: fuzzed in the router only.</summary>
    public IReadOnlyList<string> Unreached(int atLeast) =>
        [.. _routes.Where(p => p.Value.Reached < atLeast).Select(p => $"{p.Key} ({p.Value.Reached})")];

    public string Summary(FuzzSettings settings, TimeSpan prepared, TimeSpan sent, HealthProbe health, int stateLines, bool unchanged)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(health);
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"{Requests:N0} hostile requests on {_routes.Count} routes from seed {settings.Seed}, sent in {sent.TotalSeconds:F1} s ({Requests / Math.Max(sent.TotalSeconds, 0.001):F0} a second; prepared in {prepared.TotalSeconds:F1} s), {Environment.ProcessorCount} cores.");
        Line($"Answers: 2xx {_classes[2]:N0}, 3xx {_classes[3]:N0}, 4xx {_classes[4]:N0}, 5xx {_classes[5]:N0}, none {_classes[0]:N0} (the client left, or the server closed the connection).");
        Line($"Wrong answers: {Failed:N0}. Service state: {(unchanged ? "unchanged" : "CHANGED")} ({stateLines} lines compared before and after).");
        Line($"Health: {health.Probes:N0} probes during the run, {health.Failures.Count} not 200, slowest {health.Slowest.TotalMilliseconds:F0} ms.");
        Line($"By kind: {string.Join("; ", _kinds.Select(k => $"{k.Key} {k.Value:N0}"))}.");
        foreach (var (function, (requests, reached, statuses)) in _routes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var route = routes.First(r => r.Function == function);
            Line($"{route,-62} {requests,7:N0} requests, {reached,7:N0} reached it; {string.Join(", ", statuses.Select(s => $"{s.Key} ×{s.Value:N0}"))}");
        }
        return text.ToString();
    }
}
