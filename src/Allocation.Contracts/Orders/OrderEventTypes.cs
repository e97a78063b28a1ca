namespace Allocation.Contracts.Orders;

/// <summary>The customer-facing events of the order life cycle (outbox and webhooks).</summary>
public static class OrderEventTypes
{
    public const string Ready = "order.ready";
    public const string Late = "order.late";
    public const string Collected = "order.collected";
    public const string Cancelled = "order.cancelled";
    public const string Expired = "order.expired";

    public static readonly IReadOnlyList<string> All = [Ready, Late, Collected, Cancelled, Expired];
}
