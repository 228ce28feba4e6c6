using Workflow.Notifications.SendGrid;
using Workflow.Storage.Deliveries;
using Workflow.Storage.Journal;
using Workflow.Storage.Links;

namespace Workflow.Functions.Orchestration;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>
    /// The stores the orchestration projects into and the HTTP side reads: the journal, the delivery log (who has had
    /// which message, kept in its own table so a send tried again goes only to the rest) and the link claims.
    /// </summary>
    public static IServiceCollection AddPlanningOrchestration(this IServiceCollection services)
    {
        services.AddSingleton<JournalStore>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<IDeliveryLog, DeliveryLog>();
        services.AddSingleton<LinkClaimStore>();
        services.AddSingleton<RoundVersions>();
        services.AddSingleton<PlanningClient>();
        services.AddSingleton<InstanceActions>();
        return services;
    }
}
