namespace Workflow.Core.Tests.Support;

/// <summary>One instance's story so far, by name, told up to the moment it is looked at.</summary>
internal static class Stories
{
    public static Timeline Told(string name) => name switch
    {
        "started" => Timeline.Start(),
        "footprint notice given" => Timeline.Start().Then(Instance.FootprintNotice(London.At(2019, 7, 1, 10))),
        "draft late" => Timeline.Start().RunTo(London.At(2019, 10, 7, 12)),
        "draft in after escalation" => Told("draft late").Then(Instance.Draft(London.At(2019, 10, 7, 14))),
        "draft in" => Timeline.Start().Then(Instance.Draft(London.At(2019, 9, 26, 15))),
        "draft in, paired" => Told("draft in").Then(Instance.Paired(London.At(2019, 10, 1, 10))),
        "final in" => Told("draft in").Then(Instance.Final(London.At(2019, 11, 14, 11))),
        "changes requested" => Told("final in").Then(Instance.ChangesRequested(London.At(2019, 11, 20, 10), version: 1)),
        "agreed" => Told("final in").Then(Instance.Agreed(London.At(2019, 11, 20, 10), version: 1)),
        "published" => Told("agreed").Then(Instance.Published(London.At(2019, 12, 2, 10))),
        "withdrawn" => Timeline.Start().Then(Instance.Withdrawn(London.At(2019, 8, 1, 10))),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such story."),
    };
}
