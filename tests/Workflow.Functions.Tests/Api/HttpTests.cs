using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Functions.Api;

namespace Workflow.Functions.Tests.Api;

public sealed class HttpTests
{
    /// <summary>What the server throws for a bad chunk size or a body shorter than its Content-Length.</summary>
    private sealed class BrokenBody : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new BadHttpRequestException("Unexpected end of request content.", StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task ReadBodyAsync_BodyBrokenInTransit_BadRequestNotAnException()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new BrokenBody();
        context.Request.ContentType = "application/json";

        var (body, error) = await Http.ReadBodyAsync(context.Request, default);

        Assert.Null(body);
        var problem = Assert.IsType<ProblemHttpResult>(error);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.Contains("Unexpected end of request content", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }
}
