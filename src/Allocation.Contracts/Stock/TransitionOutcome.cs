namespace Allocation.Contracts.Stock;

public enum TransitionOutcome
{
    /// <summary>The transition happened now.</summary>
    Done = 1,

    /// <summary>It had happened before: a repeat, nothing changed.</summary>
    AlreadyDone = 2,

    /// <summary>The hold is in a state that does not allow it (for example a confirm after expiry); nothing changed.</summary>
    Refused = 3,

    /// <summary>No hold with this reservation id at this SKU-store.</summary>
    NotFound = 4,
}
