using Allocation.Client.Orders;
using Allocation.Client.Stores;
using Allocation.Load.Service;

namespace Allocation.Load.Tests.Support;

/// <summary>
/// A store floor in memory whose state the test plants: the pick list, the wave a start answers, transfers, the
/// ready list, orders and pickup codes. Every call is recorded as "method store order detail", so a test sees what
/// the staff did and in which order. A pick answers the planted order with the line picked (and AtPickupStore when
/// picked at the pickup store).
/// </summary>
internal sealed class FakeStoreOperations : IStoreOperations
{
    public List<string> Calls { get; } = [];

    public PickList PickList { get; set; } = new("S1", 10, [], []);

    public PickWave Wave { get; set; } = new(null, "S1", null, [], []);

    public TransferList Transfers { get; set; } = new("S1", [], []);

    public List<StoreOrderSummary> ReadyOrders { get; } = [];

    public Dictionary<string, Order> Orders { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> PickupCodes { get; } = new(StringComparer.Ordinal);

    /// <summary>What collect answers; ok by default.</summary>
    public Func<string, ServiceAnswer<Order>>? CollectAnswer { get; set; }

    public static Order NewOrder(string orderId, string pickupStoreId, params OrderLine[] lines) =>
        new(orderId, OrderState.Picking, pickupStoreId, null, null, null, null, false, null, false, 0, false, 1, lines);

    public static OrderLine Line(string sku, string sourceStoreId, int quantity, OrderLineState state = OrderLineState.Committed, int picked = 0, int writtenOff = 0) =>
        new(sku, sourceStoreId, quantity, picked, writtenOff, state, null, null);

    public static PickLine PickLine(string orderId, string sku, int quantity, string pickupStoreId = "S9") =>
        new(orderId, sku, quantity, pickupStoreId, null, null, OrderLineState.Committed);

    public Task<ServiceAnswer<PickList>> GetPickListAsync(string storeId, CancellationToken cancellationToken) => Answer($"pick-list {storeId}", PickList);

    public Task<ServiceAnswer<PickWave>> StartWaveAsync(string storeId, string requestId, CancellationToken cancellationToken) => Answer($"wave {storeId}", Wave);

    public Task<ServiceAnswer<PickResult>> ConfirmPickAsync(string storeId, string orderId, string requestId, string sku, int quantityFound, CancellationToken cancellationToken)
    {
        var order = Orders.TryGetValue(orderId, out var planted) ? planted : NewOrder(orderId, "S9", Line(sku, storeId, quantityFound));
        var lines = order.Lines.Select(line => line.Sku == sku && line.SourceStoreId == storeId && line.State == OrderLineState.Committed
            ? line with { Picked = quantityFound, WrittenOff = line.Quantity - quantityFound, State = storeId == order.PickupStoreId ? OrderLineState.AtPickupStore : OrderLineState.Picked }
            : line).ToList();
        Orders[orderId] = order with { Lines = lines };
        var shortQuantity = lines.Where(line => line.Sku == sku).Sum(line => line.WrittenOff);
        return Answer($"pick {storeId} {orderId} {sku} {quantityFound}", new PickResult(shortQuantity > 0 ? PickOutcome.ShortPartial : PickOutcome.Picked, Orders[orderId], shortQuantity, [], null));
    }

    public Task<ServiceAnswer<TransferList>> GetTransfersAsync(string storeId, CancellationToken cancellationToken) => Answer($"transfers {storeId}", Transfers);

    public Task<ServiceAnswer<Order>> DispatchAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken) =>
        Answer($"dispatch {storeId} {orderId}", OrderOf(orderId));

    public Task<ServiceAnswer<Order>> ReceiveAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken) =>
        Answer($"receive {storeId} {orderId}", OrderOf(orderId));

    public Task<ServiceAnswer<Order>> MarkReadyAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken) =>
        Answer($"ready {storeId} {orderId}", OrderOf(orderId) with { State = OrderState.Ready });

    public Task<ServiceAnswer<StoreOrders>> GetStoreOrdersAsync(string storeId, OrderState? state, CancellationToken cancellationToken) =>
        Answer($"orders {storeId} {state}", new StoreOrders(storeId, state, new Dictionary<OrderState, int>(), ReadyOrders));

    public Task<ServiceAnswer<Order>> GetOrderAsync(string orderId, CancellationToken cancellationToken) => Answer($"order {orderId}", OrderOf(orderId));

    public Task<ServiceAnswer<PickupCode>> GetPickupCodeAsync(string orderId, CancellationToken cancellationToken) =>
        Answer($"pickup-code {orderId}", new PickupCode(orderId, PickupCodes[orderId], DateTimeOffset.UnixEpoch, "<svg/>"));

    public Task<ServiceAnswer<Order>> CollectAsync(string storeId, string orderId, string requestId, string pickupCode, CancellationToken cancellationToken)
    {
        Record($"collect {storeId} {orderId} {pickupCode}");
        return Task.FromResult(CollectAnswer?.Invoke(orderId) ?? ServiceAnswers.Success(200, OrderOf(orderId) with { State = OrderState.Collected }));
    }

    public Task<ServiceAnswer<Order>> CancelAtStoreAsync(string storeId, string orderId, string requestId, string reason, CancellationToken cancellationToken) =>
        Answer($"store-cancel {storeId} {orderId} {reason}", OrderOf(orderId) with { State = OrderState.Cancelled });

    public Task<ServiceAnswer<Order>> CancelOrderAsync(string orderId, string requestId, string reason, CancellationToken cancellationToken) =>
        Answer($"customer-cancel {orderId}", OrderOf(orderId) with { State = OrderState.Cancelled });

    private Order OrderOf(string orderId) => Orders.TryGetValue(orderId, out var order) ? order : NewOrder(orderId, "S1", Line("SKU-1", "S1", 1));

    private Task<ServiceAnswer<T>> Answer<T>(string call, T value)
    {
        Record(call);
        return Task.FromResult(ServiceAnswers.Success(200, value));
    }

    private void Record(string call)
    {
        lock (Calls)
        {
            Calls.Add(call);
        }
    }
}
