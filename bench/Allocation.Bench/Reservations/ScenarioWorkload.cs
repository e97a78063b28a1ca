namespace Allocation.Bench.Reservations;

/// <summary>What each caller does per operation.</summary>
internal enum ScenarioWorkload
{
    /// <summary>Reserve one unit; stock never runs out.</summary>
    Reserve,

    /// <summary>Reserve, then confirm the same reservation; one operation = the pair.</summary>
    ReserveThenConfirm,

    /// <summary>Reserve, then expire (release) the same reservation; one operation = the pair.</summary>
    ReserveThenExpire,

    /// <summary>Reserve one unit until the target says out of stock; no warm-up, no time window.</summary>
    SellOut,
}
