namespace Allocation.Contracts.Reservations;

/// <summary>
/// One reservation (a checkout's basket), owner of the basket until payment. Holds every line at its SKU-store or
/// none; confirm, release and expiry each happen at most once. The confirm hands the basket over to its order
/// (<see cref="Allocation.Contracts.Orders.IOrderGrain"/>, same id): from then on the order owns it, and a read of the
/// reservation follows the order. Key: <see cref="ReservationKey"/>.
/// </summary>
public interface IReservationGrain : IGrainWithStringKey
{
    Task<ReservationResult> Reserve(ReservationRequest request);

    /// <summary>Pays the basket: its lines are committed and its order is opened in the same durable batch.</summary>
    Task<ReservationResult> Confirm();

    /// <summary>Frees a held basket; a paid one is cancelled through its order (refused once the order has ended).</summary>
    Task<ReservationResult> Release();

    /// <summary>The reservation; once paid, its status, lines and promise follow its order (<see cref="ReservationView"/>).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ReservationView?> Get();

    /// <summary>
    /// Finishes work a crash cut off half-way, as its durable record describes it: a basket being held is released and
    /// marked rejected, a confirm is carried through (or, if a line lapsed, undone), a release is finished.
    /// </summary>
    Task<ReservationResult> Recover();
}
