using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Workflow.Functions;

// The isolated worker the Functions host starts: HTTP functions over ASP.NET Core, the orchestrator and activities on
// Durable Functions. Locally, without the Functions host, Workflow.LocalHost runs the same functions.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ErrorResponses>();
builder.Services.AddWorkflow(builder.Configuration);
builder.Build().Run();
