using Allocation.Contracts.Orders;

namespace Allocation.Grains.Fulfilment;

/// <summary>An order that ended (collected, cancelled, no-show) at its pickup store, as the store lists it from then on.</summary>
[GenerateSerializer, Immutable, Alias("allocation.store-ended-order.v1")]
internal sealed record EndedStoreOrder(
    [property: Id(0)] StoreOrderSummary Summary,
    [property: Id(1)] DateTimeOffset EndedAt);
