namespace Allocation.Client;

/// <summary>
/// How a call ended. Everything a checkout or a store device must handle is an outcome, never an exception; only the
/// caller's own cancellation throws (OperationCanceledException).
/// </summary>
public enum AllocationOutcome
{
    /// <summary>Done (2xx); for a repeat of an earlier request, the same answer again.</summary>
    Ok = 1,

    /// <summary>The basket cannot be held: a line is short (Problem.Shortages says which).</summary>
    OutOfStock,

    /// <summary>The solver found no source in time (Problem.EarliestPossibleReadyAt, when there is one).</summary>
    CannotAllocate,

    /// <summary>The id was used with another body, or another change won: nothing was applied.</summary>
    Conflict,

    /// <summary>A confirm after the hold expired (the value is the reservation, now expired).</summary>
    Expired,

    /// <summary>Not allowed in the current state (the value is the current state, when the service says it).</summary>
    Refused,

    /// <summary>A wrong pickup code (Problem.AttemptsRemaining says how many tries are left).</summary>
    WrongCode,

    /// <summary>Too many wrong pickup codes: the handover is locked.</summary>
    CodeLocked,

    /// <summary>The order is not in a state that allows this step (Problem.State says which it is in).</summary>
    IllegalTransition,

    /// <summary>The request was not valid; Problem.Errors names each field at fault (e.g. lines[0].quantity).</summary>
    Invalid,

    /// <summary>No such reservation, order, SKU or store (for this tenant).</summary>
    NotFound,

    /// <summary>No credential, or one the service does not accept (401).</summary>
    Unauthenticated,

    /// <summary>The credential lacks the role or the store (403).</summary>
    Forbidden,

    /// <summary>
    /// Too many failed authentications from this address (429): requests from it are refused for a while (the answer's
    /// Retry-After); fix the credential rather than retry.
    /// </summary>
    Throttled,

    /// <summary>
    /// No answer after every retry (connection refused, timeouts, 503): the outcome of a write is unknown; repeating it
    /// with the same ids tells.
    /// </summary>
    Unavailable,

    /// <summary>Any other answer (a 500, an unexpected status or body): a fault of the service.</summary>
    Failed,
}
