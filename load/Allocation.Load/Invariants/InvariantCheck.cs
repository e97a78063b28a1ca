namespace Allocation.Load.Invariants;

/// <summary>One invariant over everything it could check: how many items it checked, how many broke it, a few examples.</summary>
public sealed record InvariantCheck(string Name, string Rule, long Checked, long Violations, IReadOnlyList<string> Examples)
{
    public bool Passed => Violations == 0;
}
