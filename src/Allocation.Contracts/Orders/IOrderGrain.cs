using Allocation.Contracts.Reservations;

namespace Allocation.Contracts.Orders;

/// <summary>
/// One paid click-and-collect order, from the confirm of its reservation (which opens it, in the confirm's own durable
/// batch) to collection, cancel or no-show. The order owns the basket from the confirm on: its listing at its stores,
/// moves by re-optimisation, re-sourcing. Every step is idempotent by request id, durable before it answers, and
/// refused (with the state named) when illegal. Key: <see cref="OrderKey"/>.
/// </summary>
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>The order, or null when no confirm opened it (or its confirm failed: a line lapsed before it was committed).</summary>
    Task<OrderView?> Get();

    /// <summary>A wave at the store took the order: its lines there are being picked; re-optimisation no longer moves it.</summary>
    Task<OrderActionResult> StartPicking(StoreAction action);

    Task<OrderActionResult> ConfirmPick(PickConfirmation pick);

    Task<OrderActionResult> Dispatch(StoreAction action);

    Task<OrderActionResult> Receive(StoreAction action);

    Task<OrderActionResult> MarkReady(StoreAction action);

    Task<OrderActionResult> Collect(CollectRequest request);

    Task<OrderActionResult> Cancel(CancelRequest request);

    /// <summary>The customer's pickup code (in PickupCode) once ready, else why not.</summary>
    Task<OrderActionResult> GetPickupCode();

    /// <summary>Runs a step cut off half-way (after its stock changes began, before its record was written) to its end. Called by the sweep.</summary>
    Task<OrderActionResult> Recover();

    /// <summary>
    /// Where the units and picks are, for re-optimisation; PickingStarted once the order left Paid (it never moves
    /// again). Null if there is no order.
    /// </summary>
    Task<ReservationPlacement?> GetPlacement();

    /// <summary>Moves a paid order whose picking has not started to the stores of a new plan, all or nothing.</summary>
    Task<ReallocationResult> Move(ReallocationRequest request);

    /// <summary>Closes a ready order whose collect-by date has passed (no-show). Called by the expiry sweep; harmless otherwise.</summary>
    Task<OrderActionResult> ExpireIfDue();
}
