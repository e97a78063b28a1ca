namespace Allocation.Contracts.Orders;

public enum PickOutcome
{
    /// <summary>Every committed unit was found.</summary>
    Picked = 1,

    /// <summary>Short: the missing units were re-sourced elsewhere within the readiness window.</summary>
    ShortReallocated = 2,

    /// <summary>Short: no source makes the window; re-sourced for the earliest time possible, the order is late.</summary>
    ShortLate = 3,

    /// <summary>Short: the missing units were dropped; the order goes on with what was found.</summary>
    ShortPartial = 4,
}
