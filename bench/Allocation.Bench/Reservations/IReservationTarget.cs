namespace Allocation.Bench.Reservations;

/// <summary>
/// One system under test: a store of SKU-store stock counts that grants holds. The runner drives every target
/// with the same callers and checks every target with the same invariants, so the figures compare like with like.
/// The table names a target after its <see cref="ReservationTargetFactory"/>.
/// </summary>
/// <remarks>
/// Keys are SKU-stores numbered 0..keyCount-1 by the runner; a target maps them to its own identities.
/// All operation methods are called concurrently by <c>--concurrency</c> callers and must be safe for that.
/// </remarks>
internal interface IReservationTarget : IAsyncDisposable
{
    /// <summary>
    /// Starts a fresh set of <paramref name="keyCount"/> SKU-stores, each with <paramref name="unitsPerKey"/> on hand and
    /// nothing held or committed. Called once before every scenario on the same target instance; later calls and
    /// <see cref="ReadTotalsAsync"/> refer to the newest set only (a target may reuse or replace the old keys).
    /// </summary>
    Task SetupAsync(int keyCount, int unitsPerKey, CancellationToken cancellationToken);

    /// <summary>
    /// Holds <paramref name="quantity"/> units of key <paramref name="keyIndex"/> under a reservation id that is unique in the run.
    /// Returns true when the hold is granted and durable (it survives a crash of the process once this returns),
    /// false when available stock is short (an expected outcome, not an exception).
    /// </summary>
    ValueTask<bool> ReserveAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken);

    /// <summary>Turns a granted hold into a commitment. Returns false only if the hold was not there (a bug the runner reports).</summary>
    ValueTask<bool> ConfirmAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken);

    /// <summary>Returns a granted hold to available stock; stands for release and expiry. Returns false only if the hold was not there.</summary>
    ValueTask<bool> ExpireAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken);

    /// <summary>Counts of every key of the current set, as durably stored, read after the callers have stopped.</summary>
    Task<TargetTotals> ReadTotalsAsync(CancellationToken cancellationToken);
}
