namespace Allocation.Contracts.Stock;

public enum HoldOutcome
{
    /// <summary>The units are held and the hold is durable.</summary>
    Held = 1,

    /// <summary>The same reservation id with the same request was held before: the original answer, no second hold.</summary>
    AlreadyHeld = 2,

    /// <summary>Not enough available units; nothing changed.</summary>
    InsufficientStock = 3,

    /// <summary>The reservation id is already used by a different request, or its hold has ended; nothing changed.</summary>
    Conflict = 4,
}
