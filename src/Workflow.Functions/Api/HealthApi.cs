namespace Workflow.Functions.Api;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", (TimeProvider time) => Results.Ok(new { status = "ok", now = time.GetUtcNow() }));
        return app;
    }
}
