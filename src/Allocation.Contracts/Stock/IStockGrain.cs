namespace Allocation.Contracts.Stock;

/// <summary>
/// The stock of one SKU at one store, kept in memory. Every change is decided within one grain turn and answered
/// only once its ledger entry is durable. Key: <see cref="StockKey.ToGrainKey"/>.
/// </summary>
public interface IStockGrain : IGrainWithStringKey
{
    Task<HoldResult> Hold(HoldRequest request);

    /// <summary>
    /// A reservation of one line naming this SKU-store, decided here with no reservation grain on its path: the hold
    /// and the reservation's record (claimed only if the id has none) are stored in one batch. Null when the id is not
    /// new here or has a record already (a repeat, or another reservation's id): the reservation grain answers then.
    /// </summary>
    Task<Allocation.Contracts.Reservations.ReservationResult?> ReserveLine(string reservationId, Allocation.Contracts.Reservations.ReservationRequest request);

    /// <summary>Payment succeeded: the held units become committed (awaiting pick). Refused after expiry or release.</summary>
    Task<TransitionResult> Confirm(string reservationId);

    /// <summary>Cancel: held or committed units return to available. At most once.</summary>
    Task<TransitionResult> Release(string reservationId);

    /// <summary>Store staff picked the committed units: they leave on hand.</summary>
    Task<TransitionResult> Pick(string reservationId);

    /// <summary>
    /// Store staff found <paramref name="quantityFound"/> of the committed units: those leave on hand and committed
    /// together; the missing ones are written off (adjustment, reason short-pick) and leave committed. A repeat with the
    /// same quantity answers AlreadyDone.
    /// </summary>
    Task<TransitionResult> PickFound(string reservationId, int quantityFound);

    Task<MovementResult> Move(MovementRequest request);

    [Orleans.Concurrency.ReadOnly]
    Task<StockView> GetView();

    [Orleans.Concurrency.ReadOnly]
    Task<HoldStatus?> GetHoldStatus(string reservationId);
}
