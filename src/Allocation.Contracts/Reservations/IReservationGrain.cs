namespace Allocation.Contracts.Reservations;

/// <summary>
/// One reservation (a checkout's basket). Holds every line at its SKU-store or none; confirm, release and expiry each
/// happen at most once. Key: <see cref="ReservationKey"/>.
/// </summary>
public interface IReservationGrain : IGrainWithStringKey
{
    Task<ReservationResult> Reserve(ReservationRequest request);

    Task<ReservationResult> Confirm();

    Task<ReservationResult> Release();

    [Orleans.Concurrency.ReadOnly]
    Task<ReservationView?> Get();

    /// <summary>Where the units and picks are, for re-optimisation; null if the reservation does not exist.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ReservationPlacement?> GetPlacement();

    /// <summary>Where a paid reservation's units are committed and under which hold ids, for its order; null if it does not exist.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<FulfilmentPlacement?> GetFulfilment();

    /// <summary>
    /// Its order takes the paid reservation over (picking starts): from now on it never moves (re-optimisation) and
    /// is never released here; the order cancels it. Idempotent; answers the placement as taken over, null if none.
    /// </summary>
    Task<FulfilmentPlacement?> StartFulfilment();

    /// <summary>Moves a paid reservation to the stores of a new plan, all or nothing.</summary>
    Task<ReallocationResult> Reallocate(ReallocationRequest request);

    /// <summary>
    /// Finishes work a crash cut off half-way, as its durable record describes it: a basket being held is released and
    /// marked rejected, a confirm is carried through (or, if a line lapsed, undone), a move is rolled back or finished.
    /// </summary>
    Task<ReservationResult> Recover();
}
