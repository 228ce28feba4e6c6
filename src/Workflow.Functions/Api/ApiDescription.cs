using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace Workflow.Functions.Api;

/// <summary>
/// One operation of the JSON API as its OpenAPI document describes it. <paramref name="Path"/> is a route template
/// with a leading slash; an event the route takes by name in its last segment is described under its own path, so
/// each has its own body.
/// </summary>
public sealed record ApiOperation(
    string Method,
    string Path,
    string Summary,
    Type? Body = null,
    Type? Response = null,
    int Success = StatusCodes.Status200OK,
    bool SignIn = true,
    IReadOnlyList<ApiQuery>? Query = null,
    bool Idempotent = false,
    IReadOnlyDictionary<int, string>? Refusals = null,
    string? Produces = null);

/// <summary>A query parameter an operation reads.</summary>
public sealed record ApiQuery(string Name, string Description);

/// <summary>
/// The OpenAPI 3.1 document of the JSON API, served at <c>/api/openapi.json</c>. Schemas come from the same
/// serializer context the API reads and writes with, so a property renamed in a view is renamed here too; a test
/// holds the operations to the routes the functions really declare.
/// </summary>
public static class ApiDescription
{
    // Times go through the API's own converter, which the exporter cannot see into, and any JSON at all (an event as
    // recorded) comes out as the schema `true`; OpenAPI readers expect a schema object in both places.
    private static readonly JsonSchemaExporterOptions Exporter = new()
    {
        TransformSchemaNode = (context, node) =>
            context.TypeInfo.Type == typeof(DateTimeOffset) ? new JsonObject { ["type"] = "string", ["format"] = "date-time" }
            : context.TypeInfo.Type == typeof(DateTimeOffset?) ? new JsonObject { ["type"] = new JsonArray("string", "null"), ["format"] = "date-time" }
            : node is JsonValue value && value.GetValueKind() == JsonValueKind.True ? new JsonObject()
            : node,
    };

    private static readonly ApiQuery CsvFormat = new("format", "csv for the same rows as CSV, safe to open in Excel.");

    private static readonly ApiQuery ContinuationToken =
        new(StatusPages.Token, "The next page, as the previous page gave it (also in the Link and x-ms-continuation-token headers); only for the same round and filters.");

    private static readonly Dictionary<string, Type> EventBodies = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["submission"] = typeof(SubmissionRequest),
        ["decision"] = typeof(DecisionRequest),
        ["extension"] = typeof(ExtensionRequest),
        ["footprint-notice"] = typeof(FootprintNoticeRequest),
        ["footprint-acknowledgement"] = typeof(AcknowledgementRequest),
        ["peer"] = typeof(PeerRequest),
        ["peer-feedback"] = typeof(PeerFeedbackRequest),
        ["regional-feedback"] = typeof(RegionalFeedbackRequest),
        ["publication"] = typeof(PublicationRequest),
        ["resend"] = typeof(ResendRequest),
    };

    /// <summary>The management operations on one instance, each taking who and why.</summary>
    public static IReadOnlyList<string> InstanceOperations { get; } = ["suspend", "resume", "terminate", "restart", "purge"];

    /// <summary>The body each event takes, by the name <see cref="EventRequests.Names"/> lists.</summary>
    public static Type EventBody(string name) => EventBodies[name];

    public static IReadOnlyList<ApiOperation> Operations { get; } =
    [
        new("get", "/api/health", "Whether the service answers, and its clock.", SignIn: false),
        new("get", "/api/openapi.json", "This document.", SignIn: false),
        new("post", "/api/mail/events", "SendGrid's signed event webhook: what became of each copy of a message (docs/mail-and-links.md).",
            typeof(IReadOnlyList<JsonElement>), typeof(MailEventsView), SignIn: false, Refusals: new Dictionary<int, string>
            {
                [StatusCodes.Status401Unauthorized] = "Not signed by SendGrid's event webhook key, or signed more than 5 minutes from now; nothing recorded.",
                [StatusCodes.Status404NotFound] = "This service takes no mail events: no verification key is set.",
                [StatusCodes.Status413PayloadTooLarge] = "The body is over 1 MiB; nothing recorded.",
            }),
        new("get", "/api/clock", "The service's clock, and whether it is virtual.", Response: typeof(ClockView)),
        new("post", "/api/clock", "Moves a virtual clock on; every instance decides at the new instant.", typeof(ClockRequest), typeof(ClockView)),
        new("get", "/api/rounds", "Every round loaded.", Response: typeof(IReadOnlyList<RoundView>)),
        new("post", "/api/rounds", "Loads a round from its round file (docs/round-file.md).", typeof(JsonElement), typeof(RoundView), StatusCodes.Status201Created),
        new("get", "/api/rounds/{round}", "One round: its timetable and whether it is suspended.", Response: typeof(RoundView)),
        new("post", "/api/rounds/{round}/start", "Starts one instance per system of the directory; those running already are left.", Response: typeof(StartView)),
        new("put", "/api/rounds/{round}/timetable", "Changes the round's timetable for every running system (202 while some have still to apply it).", typeof(JsonElement), typeof(RoundView)),
        new("post", "/api/rounds/{round}/timetable/preview", "What a timetable change would move and send for every system. Nothing is stored or sent.", typeof(JsonElement), typeof(PreviewView)),
        new("post", "/api/rounds/{round}/suspend", "Suspends every system of the round: no prompts go until it resumes.", typeof(ControlRequest), typeof(RoundView)),
        new("post", "/api/rounds/{round}/resume", "Resumes the round, on a new timetable if one is given.", typeof(RoundResumeRequest), typeof(RoundView)),
        new("post", "/api/rounds/{round}/resume/preview", "What resuming now would move and send. Nothing is stored or sent.", typeof(RoundResumeRequest), typeof(PreviewView)),
        new("get", "/api/rounds/{round}/status", "Every system's status in the round that the caller may see, in system order.", Response: typeof(StatusPage), Query:
            [new(StatusPages.Top, $"Page size, 1 to {StatusPages.MaxTop}; without it, every row in one page."), ContinuationToken, CsvFormat]),
        new("get", "/api/rounds/{round}/forecast", "What the coming weeks would send, system by system, and whether the national plan could go ahead, if people acted as the assumption says (docs/forecast.md). Nothing is stored or sent.",
            Response: typeof(ForecastApiView), Query:
            [
                new("assumption", "nobody-acts (the default), everyone-on-the-due-date or directors-take-their-full-window."),
                new("weeks", "How many weeks ahead, 1 to 52 (6 by default); the forecast stops at the round's end if that comes first."),
                new("region", "Only this region, by code or name."), CsvFormat,
            ]),
        new("get", "/api/rounds/{round}/undelivered", "Every message of the round that failed past its retries.", Response: typeof(UndeliveredPage)),
        new("get", "/api/rounds/{round}/audit.csv", "The audit journal of every system the caller may see, as CSV safe to open in Excel (docs/exports.md).", Query:
            [new("system", "Only this system."), new("region", "Only this region, by code or name.")]),
        .. EventRequests.Names.Select(name => new ApiOperation(
            "post", $"/api/rounds/{{round}}/systems/{{system}}/{name}", $"Records the '{name}' event for one system.",
            EventBody(name), typeof(InstanceView), Idempotent: true)),
        new("get", "/api/rounds/{round}/systems/{system}/calendar.ics", "The system's deadlines as an iCalendar feed (docs/calendar.md).", Produces: "text/calendar"),
        new("get", "/api/rounds/{round}/regions/{region}/calendar.ics", "Every deadline of the region's systems as an iCalendar feed (docs/calendar.md).", Produces: "text/calendar"),
        new("get", "/api/instances", "Every instance the caller may see, in pages.", Response: typeof(StatusPage), Query:
        [
            new("round", "Only this round."), new("region", "Only this region, by code or name."), new("stage", "Only instances at this stage."),
            new("overdue", "true or false."), new("escalated", "true or false."), new(StatusPages.Top, $"Page size, 1 to {StatusPages.MaxTop}; 50 when not given."),
            ContinuationToken, CsvFormat,
        ]),
        new("get", "/api/instances/{round}/{system}", "One instance: its state, undelivered mail and history.", Response: typeof(InstanceView), Query:
            [new("showHistory", "false to leave the history out.")]),
        new("get", "/api/instances/{round}/{system}/audit.csv", "One system's audit journal as CSV safe to open in Excel (docs/exports.md)."),
        .. EventRequests.Names.Select(name => new ApiOperation(
            "post", $"/api/instances/{{round}}/{{system}}/raiseEvent/{name}", $"Raises the '{name}' event, as the Durable Functions management API names it.",
            EventBody(name), typeof(InstanceView), Idempotent: true)),
        .. InstanceOperations.Select(operation => new ApiOperation(
            "post", $"/api/instances/{{round}}/{{system}}/{operation}", $"The '{operation}' operation on one instance.", typeof(ControlRequest), typeof(InstanceView),
            Idempotent: operation != "purge")),
        new("post", "/api/instances/{round}/{system}/links", "Sends a person their link to act on the instance again.", typeof(LinkReissueRequest), typeof(LinkReissueView), Idempotent: true),
        new("get", "/api/instances/{round}/{system}/link-requests", "Requests for a new link from people whose link expired.", Response: typeof(LinkRequestPage)),
    ];

    /// <summary>
    /// The document as served. It names no server, so its paths are relative to wherever it was read from: behind
    /// App Service's front end the request the function sees is not the address the caller used.
    /// </summary>
    public static string Json { get; } = Document().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    public static JsonObject Document()
    {
        var schemas = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["ProblemDetails"] = Schema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails)),
            ["ValidationProblemDetails"] = Schema(typeof(HttpValidationProblemDetails)),
        };
        var paths = new JsonObject();
        foreach (var group in Operations.GroupBy(o => o.Path, StringComparer.Ordinal))
        {
            var item = new JsonObject();
            foreach (var operation in group)
            {
                item[operation.Method] = Describe(operation, schemas);
            }
            paths[group.Key] = item;
        }
        var components = new JsonObject { ["schemas"] = new JsonObject(schemas.Select(s => KeyValuePair.Create(s.Key, s.Value))) };
        components["securitySchemes"] = new JsonObject
        {
            ["appServiceAuthentication"] = new JsonObject
            {
                ["type"] = "apiKey",
                ["in"] = "header",
                ["name"] = "X-MS-CLIENT-PRINCIPAL",
                ["description"] = "Who is signed in, as App Service Authentication sends it after Microsoft Entra ID sign-in.",
            },
        };
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Planning-round workflow API",
                ["version"] = "1",
                ["description"] = "Runs a national strategic planning round: rounds, their timetables, and one instance per system.",
            },
            ["paths"] = paths,
            ["components"] = components,
        };
    }

    private static JsonObject Describe(ApiOperation operation, IDictionary<string, JsonNode?> schemas)
    {
        var parameters = new JsonArray();
        foreach (var name in PathParameters(operation.Path))
        {
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }
        foreach (var query in operation.Query ?? [])
        {
            parameters.Add(new JsonObject { ["name"] = query.Name, ["in"] = "query", ["description"] = query.Description, ["schema"] = new JsonObject { ["type"] = "string" } });
        }
        if (operation.Idempotent)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "Idempotency-Key", ["in"] = "header",
                ["description"] = "Sent again after a lost answer, the same key applies the request once.",
                ["schema"] = new JsonObject { ["type"] = "string", ["maxLength"] = 64, ["pattern"] = "^[A-Za-z0-9._-]+$" },
            });
        }

        var responses = new JsonObject
        {
            [operation.Success.ToString(System.Globalization.CultureInfo.InvariantCulture)] = operation.Produces is { } media
                ? new JsonObject { ["description"] = "Done.", ["content"] = new JsonObject { [media] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } } }
                : Response("Done.", operation.Response, schemas),
        };
        if (operation.Body is not null || parameters.Count > 0)
        {
            responses["400"] = Problem("The request cannot be read; every problem is listed by field.", "ValidationProblemDetails");
        }
        if (operation.SignIn)
        {
            responses["401"] = Problem("Nobody is signed in.");
            responses["403"] = Problem("The person signed in may not do this.");
        }
        if (operation.Path.Contains('{', StringComparison.Ordinal))
        {
            responses["404"] = Problem("No such round, system or instance.");
        }
        if (operation.Method != "get" && operation.Refusals is null)
        {
            responses["409"] = Problem("Refused in the state things are in now; nothing changed.");
        }
        foreach (var (status, description) in operation.Refusals ?? new Dictionary<int, string>())
        {
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Problem(description);
        }

        var described = new JsonObject
        {
            ["operationId"] = OperationId(operation),
            ["summary"] = operation.Summary,
            ["parameters"] = parameters,
            ["responses"] = responses,
        };
        if (operation.Body is { } body)
        {
            described["requestBody"] = new JsonObject { ["required"] = true, ["content"] = Content(body, schemas) };
        }
        if (!operation.SignIn)
        {
            described["security"] = new JsonArray();
        }
        return described;
    }

    private static JsonObject Response(string description, Type? type, IDictionary<string, JsonNode?> schemas)
    {
        var response = new JsonObject { ["description"] = description };
        if (type is not null)
        {
            response["content"] = Content(type, schemas);
        }
        return response;
    }

    private static JsonObject Problem(string description, string schema = "ProblemDetails") => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = Reference(schema) } },
    };

    private static JsonObject Content(Type type, IDictionary<string, JsonNode?> schemas)
    {
        // A body the API reads as a whole document (a round file, a timetable) is any JSON object to this document;
        // docs/round-file.md describes it.
        JsonNode schema;
        if (type == typeof(JsonElement))
        {
            schema = new JsonObject { ["type"] = "object" };
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            schema = new JsonObject { ["type"] = "array", ["items"] = Named(type.GetGenericArguments()[0], schemas) };
        }
        else
        {
            schema = Named(type, schemas);
        }
        return new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } };
    }

    private static JsonObject Named(Type type, IDictionary<string, JsonNode?> schemas)
    {
        schemas.TryAdd(type.Name, Schema(type));
        return Reference(type.Name);
    }

    private static JsonNode Schema(Type type) => JsonSchemaExporter.GetJsonSchemaAsNode(ApiJson.Default.Options, type, Exporter);


    private static JsonObject Reference(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };

    /// <summary>The names of a path's <c>{parameters}</c>, in order.</summary>
    public static IEnumerable<string> PathParameters(string path) =>
        path.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s[1..^1]);

    private static string OperationId(ApiOperation operation) =>
        operation.Method + string.Concat(operation.Path.Split('/', '-', '.', '{', '}').Where(s => s.Length > 0).Select(s => char.ToUpperInvariant(s[0]) + s[1..]));
}
