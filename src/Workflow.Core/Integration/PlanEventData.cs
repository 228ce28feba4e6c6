using System.Text.Json.Serialization;

namespace Workflow.Core.Integration;

/// <summary>
/// What one type of integration event says beyond the instance, region and stage that every type says. The
/// values are as subscribers read them (milestone names, local times as text), so they are the contract itself.
/// </summary>
/// <param name="Type">The event's type, after <see cref="PlanEvent.TypePrefix"/>; in JSON it is the discriminator.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PlanSubmittedData), PlanSubmittedData.Name)]
[JsonDerivedType(typeof(PlanAgreedData), PlanAgreedData.Name)]
[JsonDerivedType(typeof(ChangesRequestedData), ChangesRequestedData.Name)]
[JsonDerivedType(typeof(PlanPublishedData), PlanPublishedData.Name)]
[JsonDerivedType(typeof(DeadlineExtendedData), DeadlineExtendedData.Name)]
[JsonDerivedType(typeof(FootprintNotifiedData), FootprintNotifiedData.Name)]
[JsonDerivedType(typeof(WithdrawnData), WithdrawnData.Name)]
[JsonDerivedType(typeof(EscalatedData), EscalatedData.Name)]
public abstract record PlanEventData([property: JsonIgnore] string Type);

/// <param name="Milestone">The milestone's name: <c>draft</c>, <c>final</c> or <c>resubmission</c>.</param>
/// <param name="PlanVersion">Versions of the final plan submitted so far, this one included.</param>
/// <param name="Reference">Where the documents are: a blob or a link.</param>
public sealed record PlanSubmittedData(string Milestone, int PlanVersion, string? Reference) : PlanEventData(Name)
{
    public const string Name = "plan.submitted";
}

public sealed record PlanAgreedData(int PlanVersion) : PlanEventData(Name)
{
    public const string Name = "plan.agreed";
}

public sealed record ChangesRequestedData(int PlanVersion) : PlanEventData(Name)
{
    public const string Name = "plan.changes-requested";
}

public sealed record PlanPublishedData(string Url) : PlanEventData(Name)
{
    public const string Name = "plan.published";
}

/// <param name="NewDue">The new due date and time in England, to the minute, without an offset: <c>2019-10-04T17:00</c>.</param>
public sealed record DeadlineExtendedData(string Milestone, string NewDue) : PlanEventData(Name)
{
    public const string Name = "deadline.extended";
}

/// <param name="Source">Who gave the notice: <c>System</c> or <c>LocalAuthority</c>.</param>
/// <param name="From">The body that gave it, by name.</param>
public sealed record FootprintNotifiedData(string Source, string From) : PlanEventData(Name)
{
    public const string Name = "footprint.notified";
}

public sealed record WithdrawnData() : PlanEventData(Name)
{
    public const string Name = "instance.withdrawn";
}

/// <param name="Milestone">The late milestone's name; null for an escalation that names none.</param>
/// <param name="Level">How far it went: <c>region</c> or <c>national</c>.</param>
/// <param name="Due">When the milestone was due.</param>
public sealed record EscalatedData(string? Milestone, string Level, DateTimeOffset? Due) : PlanEventData(Name)
{
    public const string Name = "plan.escalated";
}
