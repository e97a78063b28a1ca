using Allocation.Client.Orders;
using Allocation.Client.Reservations;

namespace Allocation.Client.Stores;

/// <summary>A store of the tenant as the catalogue lists it.</summary>
public sealed record StoreListing(string StoreId, string Name, string City, bool ClickAndCollect);

/// <summary>A store's lines to pick: started waves, and the lines not yet in a wave by pick hour and ready-by.</summary>
public sealed record PickList(string StoreId, int WaveOrdersMax, IReadOnlyList<PickWave> Waves, IReadOnlyList<PickLine> Unassigned);

public sealed record PickWave(string? WaveId, string StoreId, DateTimeOffset? StartedAt, IReadOnlyList<string> OrderIds, IReadOnlyList<PickLine> Lines);

public sealed record PickLine(string OrderId, string Sku, int Quantity, string PickupStoreId, DateTimeOffset? PickHour, DateTimeOffset? ReadyBy, OrderLineState State);

public enum PickOutcome
{
    Picked = 1,
    ShortReallocated = 2,
    ShortLate = 3,
    ShortPartial = 4,
}

/// <summary>A confirmed pick: picked in full, or short (written off and re-sourced: where to, or how late).</summary>
public sealed record PickResult(PickOutcome Outcome, Order Order, int ShortQuantity, IReadOnlyList<ReservationLine> ReallocatedLines, DateTimeOffset? EarliestReadyAt);

/// <summary>Lines picked here for pickup elsewhere (outbound, to dispatch) and lines on their way here (inbound, to receive).</summary>
public sealed record TransferList(string StoreId, IReadOnlyList<TransferLine> Outbound, IReadOnlyList<TransferLine> Inbound);

public sealed record TransferLine(string OrderId, string Sku, int Quantity, string FromStoreId, string ToStoreId, OrderLineState State, DateTimeOffset? ReadyBy);

/// <summary>Orders for pickup at a store in a state (every open one without), with counts per state.</summary>
public sealed record StoreOrders(string StoreId, OrderState? State, IReadOnlyDictionary<OrderState, int> Counts, IReadOnlyList<StoreOrderSummary> Orders);

public sealed record StoreOrderSummary(string OrderId, OrderState State, DateTimeOffset? ReadyBy, DateTimeOffset? CollectBy, int Lines, int Units, bool Late);
