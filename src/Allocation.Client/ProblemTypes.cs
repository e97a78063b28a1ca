namespace Allocation.Client;

/// <summary>The service's problem types (RFC 7807 "type"): stable, so the client maps them to outcomes.</summary>
public static class ProblemTypes
{
    public const string Validation = "/problems/validation";
    public const string NotFound = "/problems/not-found";
    public const string InsufficientStock = "/problems/insufficient-stock";
    public const string CannotAllocate = "/problems/cannot-allocate";
    public const string Conflict = "/problems/conflict";
    public const string Refused = "/problems/refused";
    public const string Unavailable = "/problems/unavailable";
    public const string Unauthenticated = "/problems/unauthenticated";
    public const string Forbidden = "/problems/forbidden";

    /// <summary>Too many failed authentications from this address: the answer says when to try again (Retry-After).</summary>
    public const string TooManyRequests = "/problems/too-many-requests";

    public const string IllegalTransition = "/problems/illegal-transition";
    public const string RequestReused = "/problems/request-reused";
    public const string WrongPickupCode = "/problems/wrong-pickup-code";
    public const string PickupCodeLocked = "/problems/pickup-code-locked";
}
