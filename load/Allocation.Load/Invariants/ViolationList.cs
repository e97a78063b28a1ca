namespace Allocation.Load.Invariants;

/// <summary>Counts violations and keeps the first few as examples, so a broken run's report stays readable.</summary>
internal sealed class ViolationList
{
    private const int ExamplesMax = 5;

    private readonly List<string> examples = [];

    public long Checked { get; private set; }

    public long Violations { get; private set; }

    public void Pass() => Checked++;

    public void Fail(string example)
    {
        Checked++;
        Violations++;
        if (examples.Count < ExamplesMax)
        {
            examples.Add(example);
        }
    }

    public InvariantCheck ToCheck(string name, string rule) => new(name, rule, Checked, Violations, [.. examples]);
}
