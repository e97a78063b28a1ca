namespace Allocation.Contracts.Reservations;

public enum ReallocationOutcome
{
    /// <summary>The units and picks are at the new stores; the old ones are freed.</summary>
    Moved = 1,

    /// <summary>The reservation is not paid, not solver-allocated, or changed since the plan; nothing moved.</summary>
    Refused = 2,

    /// <summary>A new store's stock or pick hour was taken meanwhile; everything was put back as it was.</summary>
    RolledBack = 3,
}
