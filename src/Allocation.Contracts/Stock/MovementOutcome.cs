namespace Allocation.Contracts.Stock;

public enum MovementOutcome
{
    Applied = 1,

    /// <summary>The same document was applied before; nothing changed.</summary>
    AlreadyApplied = 2,

    /// <summary>The document id was used before for a different movement; nothing changed.</summary>
    Conflict = 3,

    /// <summary>The movement cannot apply to these counts (for example a sale of more than is on hand); nothing changed.</summary>
    Rejected = 4,
}
