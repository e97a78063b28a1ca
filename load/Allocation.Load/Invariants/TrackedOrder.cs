using Allocation.Client.Orders;

namespace Allocation.Load.Invariants;

/// <summary>
/// A paid order as store staff and its customer left it: the end the service acknowledged to the harness (collected,
/// cancelled), or an ending call that got no answer (so either its end or the state before is acceptable).
/// </summary>
public sealed class TrackedOrder(string orderId)
{
    public string OrderId => orderId;

    public OrderState? EndAcknowledged { get; set; }

    public OrderState? UnansweredEnd { get; set; }
}
