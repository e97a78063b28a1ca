namespace Allocation.Contracts.Orders;

/// <summary>What one call to an order did. Expected outcomes are results, never exceptions; only Done and Repeated changed (or had changed) anything.</summary>
public enum OrderActionOutcome
{
    Done = 1,

    /// <summary>The same request id with the same request was done before: nothing changed, the order as it stands.</summary>
    Repeated = 2,

    NotFound = 3,

    /// <summary>The order has nothing at the store named (not a source or the pickup store of the step); nothing changed.</summary>
    NotThisStore = 4,

    /// <summary>The order's state (or the line's) forbids the step; nothing changed. The state is in the answer.</summary>
    IllegalTransition = 5,

    /// <summary>The request id was used before for a different request; nothing changed.</summary>
    RequestReused = 6,

    /// <summary>The pickup code is wrong: counted, nothing else changed.</summary>
    WrongCode = 7,

    /// <summary>Too many wrong codes: the handover is locked.</summary>
    CodeLocked = 8,

    /// <summary>A field is out of range (named in Field); nothing changed.</summary>
    Invalid = 9,
}
