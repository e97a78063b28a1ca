namespace Allocation.Load.Invariants;

public sealed record InvariantReport(IReadOnlyList<InvariantCheck> Checks, IReadOnlyList<string> Notes)
{
    public bool Passed => Checks.All(check => check.Passed);
}
