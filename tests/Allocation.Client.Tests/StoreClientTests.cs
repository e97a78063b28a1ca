using Allocation.Client.Orders;
using Allocation.Client.Promises;
using Allocation.Client.Reservations;
using Allocation.Client.Stock;
using Allocation.Client.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Client.Tests;

/// <summary>A store device's calls and the checkout's order calls against the real host: one order from paid to collected.</summary>
public sealed class StoreClientTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    private AllocationClient Checkout => fixture.Client;

    [Fact]
    public async Task StoreSteps_PaidOrderToCollected_WrongCodeIsAnOutcomeWithAttemptsLeft()
    {
        var store = fixture.Stores[0];
        var sku = await fixture.StockedSkuAsync(store, 3);
        var orderId = "o-" + sku;
        (await Checkout.ReserveAsync(new ReserveRequest(orderId, [new ReserveLine(sku, 2, store)], PickupStoreId: store))).Require();
        (await Checkout.ConfirmAsync(orderId)).Require();
        var staff = await StaffAsync(store);

        var pickList = (await staff.GetPickListAsync(store)).Require();
        var wave = (await staff.StartWaveAsync(store, "w-" + orderId)).Require();
        var pick = (await staff.ConfirmPickAsync(store, orderId, "p-" + orderId, sku, 2)).Require();
        var transfers = (await staff.GetTransfersAsync(store)).Require();
        var ready = (await staff.MarkReadyAsync(store, orderId, "ready-" + orderId)).Require();
        var handover = (await staff.GetStoreOrdersAsync(store, OrderState.Ready)).Require();
        var code = (await Checkout.GetPickupCodeAsync(orderId)).Require();
        var wrong = await staff.CollectAsync(store, orderId, "c1-" + orderId, code.Code == "000000" ? "111111" : "000000");
        var collected = await staff.CollectAsync(store, orderId, "c2-" + orderId, code.Code);

        Assert.Contains(pickList.Unassigned, line => line.OrderId == orderId && line.Sku == sku && line.Quantity == 2);
        Assert.Contains(orderId, wave.OrderIds);
        Assert.Equal((PickOutcome.Picked, 2), (pick.Outcome, pick.Order.Lines.Single().Picked));
        Assert.DoesNotContain(transfers.Outbound, line => line.OrderId == orderId);
        Assert.Equal(OrderState.Ready, ready.State);
        Assert.Contains(handover.Orders, order => order.OrderId == orderId && order.Units == 2);
        Assert.Contains("<svg", code.QrSvg, StringComparison.Ordinal);
        Assert.Equal((AllocationOutcome.WrongCode, 4), (wrong.Outcome, wrong.Problem!.AttemptsRemaining));
        Assert.Equal(OrderState.Collected, collected.Require().State);
        Assert.Equal(OrderState.Collected, (await Checkout.GetOrderAsync(orderId)).Require().State);
        Assert.Equal((1, 0, 0), Counts((await Checkout.GetStockAsync(sku, store)).Require()));
    }

    [Fact]
    public async Task StoreSteps_LinePickedAtAnotherStore_DispatchedReceivedThenCancelledAtTheCounter()
    {
        var (pickup, source) = (fixture.Stores[0], fixture.Stores[1]);
        var sku = await fixture.StockedSkuAsync(source, 1);
        var orderId = "t-" + sku;
        (await Checkout.ReserveAsync(new ReserveRequest(orderId, [new ReserveLine(sku, 1, source)], PickupStoreId: pickup))).Require();
        (await Checkout.ConfirmAsync(orderId)).Require();
        var sourceStaff = await StaffAsync(source);
        var pickupStaff = await StaffAsync(pickup);

        (await sourceStaff.StartWaveAsync(source, "w-" + orderId)).Require();
        (await sourceStaff.ConfirmPickAsync(source, orderId, "p-" + orderId, sku, 1)).Require();
        var toSend = (await sourceStaff.GetTransfersAsync(source)).Require();
        var dispatched = (await sourceStaff.DispatchAsync(source, orderId, "d-" + orderId)).Require();
        var toReceive = (await pickupStaff.GetTransfersAsync(pickup)).Require();
        var received = (await pickupStaff.ReceiveAsync(pickup, orderId, "r-" + orderId)).Require();
        var cancelled = (await pickupStaff.CancelAtStoreAsync(pickup, orderId, "x-" + orderId, "customer refused")).Require();

        Assert.Contains(toSend.Outbound, line => line.OrderId == orderId && line.Sku == sku && line.ToStoreId == pickup);
        Assert.Equal(OrderState.InTransit, dispatched.State);
        Assert.Contains(toReceive.Inbound, line => line.OrderId == orderId && line.FromStoreId == source);
        Assert.NotEqual(OrderState.InTransit, received.State);
        Assert.Equal(OrderState.Cancelled, cancelled.State);
        Assert.Equal(0, (await Checkout.GetStockAsync(sku, source)).Require().Committed);
    }

    [Fact]
    public async Task StoreKey_AnotherStoresRoute_IsForbidden()
    {
        var staff = await StaffAsync(fixture.Stores[0]);

        var result = await staff.GetPickListAsync(fixture.Stores[1]);

        Assert.Equal((AllocationOutcome.Forbidden, 403), (result.Outcome, result.StatusCode));
    }

    [Fact]
    public async Task Cancel_UnknownOrder_IsNotFoundNamingTheOrder()
    {
        var result = await Checkout.CancelOrderAsync("no-such-" + Guid.NewGuid().ToString("N")[..8], "cancel-1", "changed my mind");

        Assert.Equal(AllocationOutcome.NotFound, result.Outcome);
        Assert.Contains("orderId", result.Problem!.Errors.Keys);
    }

    [Fact]
    public async Task Movements_RepeatedDocument_AppliedOnceAndBadOnesNameTheirField()
    {
        var store = fixture.Stores[1];
        var sku = await fixture.StockedSkuAsync(store, 0);
        var receipt = new StockMovement(MovementKind.Receipt, sku, store, 7, "grn-" + sku);

        var first = await Checkout.MoveStockAsync(receipt);
        var repeat = await Checkout.MoveStockAsync(receipt);
        var sale = await Checkout.MoveStockAsync(new StockMovement(MovementKind.Sale, sku, store, 2, "till-" + sku));
        var otherBody = await Checkout.MoveStockAsync(receipt with { Quantity = 8 });
        var noReason = await Checkout.MoveStockAsync(new StockMovement(MovementKind.Adjustment, sku, store, -1, "adj-" + sku));

        Assert.Equal((MovementOutcome.Applied, 7), (first.Require().Outcome, first.Value!.Counts.OnHand));
        Assert.Equal(MovementOutcome.AlreadyApplied, repeat.Require().Outcome);
        Assert.Equal(5, sale.Require().Available);
        Assert.Equal(AllocationOutcome.Conflict, otherBody.Outcome);
        Assert.Equal(AllocationOutcome.Invalid, noReason.Outcome);
        Assert.Contains("reason", noReason.Problem!.Errors.Keys);
        Assert.Equal(5, (await Checkout.GetStockAsync(sku, store)).Require().OnHand);
    }

    [Fact]
    public async Task Promise_StockedBasket_PromisedWithItsSources()
    {
        var store = fixture.Stores[0];
        var sku = await fixture.StockedSkuAsync(store, 4);

        var promise = (await Checkout.PromiseAsync(new PromiseRequest(store, [new PromiseLine(sku, 2)]))).Require();

        Assert.Equal(PromiseOutcome.Promised, promise.Outcome);
        Assert.NotNull(promise.ReadyBy);
        Assert.Equal(2, promise.Sources.Where(source => source.Sku == sku).Sum(source => source.Quantity));
        Assert.Equal(0, (await Checkout.GetStockAsync(sku, store)).Require().Held);
    }

    private async Task<AllocationClient> StaffAsync(string store)
    {
        var key = await fixture.StoreKeyAsync(store);
        var services = fixture.NewServices(options => options.ApiKey = key);
        return services.GetRequiredService<AllocationClient>();
    }

    private static (int OnHand, int Held, int Committed) Counts(StockLevel level) => (level.OnHand, level.Held, level.Committed);
}
