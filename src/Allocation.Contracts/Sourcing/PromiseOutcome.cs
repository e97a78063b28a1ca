namespace Allocation.Contracts.Sourcing;

public enum PromiseOutcome
{
    /// <summary>The basket can be ready at the pickup store by the promised time.</summary>
    Promised,

    /// <summary>The network lacks the units (or no allowed set of source stores holds them).</summary>
    OutOfStock,

    /// <summary>The units exist but cannot be ready within the readiness window; the earliest time found is given.</summary>
    CannotBeReadyInTime,

    /// <summary>The request cannot be planned (no store network yet, or the pickup store cannot take collections).</summary>
    NotPlannable,
}
