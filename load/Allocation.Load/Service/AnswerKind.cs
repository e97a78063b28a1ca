namespace Allocation.Load.Service;

/// <summary>How the harness counts one answer. Rejected is a valid business answer (sold out), not a failure.</summary>
public enum AnswerKind
{
    Ok = 1,

    /// <summary>The service refused for a reason a shopper would see (insufficient stock, cannot allocate, refused after expiry).</summary>
    Rejected = 2,

    /// <summary>No usable answer: transport error, timeout, 5xx or an unexpected status.</summary>
    Failed = 3,
}
