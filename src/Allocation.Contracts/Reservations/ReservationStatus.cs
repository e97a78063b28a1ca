namespace Allocation.Contracts.Reservations;

public enum ReservationStatus
{
    /// <summary>Every line is held until ExpiresAt.</summary>
    Held = 1,

    /// <summary>Paid: every line is committed, awaiting pick.</summary>
    Confirmed = 2,

    /// <summary>Released (cancelled) by the caller; its units are available again.</summary>
    Released = 3,

    /// <summary>The hold ran out before a confirm; its units are available again.</summary>
    Expired = 4,

    /// <summary>Some line could not be held, so no line is; or recovery undid a basket cut off half-way.</summary>
    Rejected = 5,
}
