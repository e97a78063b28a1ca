namespace Allocation.Load.Service;

/// <summary>The service's RFC 7807 problem types that are business answers, not failures.</summary>
public static class ProblemTypes
{
    public const string InsufficientStock = "/problems/insufficient-stock";
    public const string CannotAllocate = "/problems/cannot-allocate";
    public const string Refused = "/problems/refused";
    public const string NotFound = "/problems/not-found";

    public static bool IsBusinessAnswer(string? type) => type is InsufficientStock or CannotAllocate or Refused or NotFound;
}
