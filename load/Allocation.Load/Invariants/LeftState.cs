namespace Allocation.Load.Invariants;

/// <summary>What the service last acknowledged for a reservation; Unanswered means no answer ever came.</summary>
public enum LeftState
{
    Unanswered = 0,
    Held = 1,
    Confirmed = 2,
    Released = 3,
    Expired = 4,
}
