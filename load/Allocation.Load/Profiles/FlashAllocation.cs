namespace Allocation.Load.Profiles;

/// <summary>Who chooses the source store of a flash-sale basket.</summary>
public enum FlashAllocation
{
    Solver = 1,
    NamedStore = 2,
}
