using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflow.Notifications.SendGrid;
using Workflow.Storage.Deliveries;
using Workflow.Storage.Journal;
using Workflow.Storage.Links;

namespace Workflow.Functions.Orchestration;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>
    /// What the orchestration's activities and the HTTP side's client need beside the service's own registrations: the
    /// journal, the delivery log and the link claims. Who has had a message is kept in the deliveries table.
    /// </summary>
    public static IServiceCollection AddPlanningOrchestration(this IServiceCollection services)
    {
        services.AddSingleton<JournalStore>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<LinkClaimStore>();
        services.Replace(ServiceDescriptor.Singleton<IDeliveryLog, DeliveryLog>());
        return services;
    }
}
