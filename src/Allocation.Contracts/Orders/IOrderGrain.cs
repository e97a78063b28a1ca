namespace Allocation.Contracts.Orders;

/// <summary>
/// One paid click-and-collect order, from its confirmed reservation to collection, cancel or no-show. Every step is
/// idempotent by request id, durable before it answers, and refused (with the state named) when illegal.
/// Key: <see cref="OrderKey"/>.
/// </summary>
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>The order, or null when its reservation is not (or no longer) paid and no order was started.</summary>
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

    /// <summary>Closes a ready order whose collect-by date has passed (no-show). Called by the expiry sweep; harmless otherwise.</summary>
    Task<OrderActionResult> ExpireIfDue();
}
