namespace Allocation.Contracts.Reservations;

/// <summary>What one call to a reservation did. Expected outcomes are results, never exceptions.</summary>
public enum ReservationOutcome
{
    Held = 1,
    Confirmed = 2,
    Released = 3,

    /// <summary>A repeat of an earlier call: nothing changed, the answer is the reservation as it stands.</summary>
    Repeated = 4,

    /// <summary>Some line lacked stock: nothing is held. Shortages name the lines.</summary>
    InsufficientStock = 5,

    /// <summary>The reservation id was used for a different request; nothing changed.</summary>
    Conflict = 6,

    /// <summary>The reservation is in a state that forbids the call (confirm after expiry or release); nothing changed.</summary>
    Refused = 7,

    NotFound = 8,

    /// <summary>The solver found no source that gets the goods to the pickup store in time (or none with stock); nothing is held.</summary>
    CannotAllocate = 9,
}
