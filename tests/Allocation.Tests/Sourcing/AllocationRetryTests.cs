using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Tests.EndToEnd;
using Allocation.Tests.Support;

namespace Allocation.Tests.Sourcing;

/// <summary>
/// The availability index is advisory and hears only of changes that matter, so the solver can choose a store whose
/// stock has just gone. The refusing stock grain corrects the index before it answers, and the next attempt holds
/// under an id of its own, so it may use a store the failed attempt held at (a stock grain never reuses a released id).
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class AllocationRetryTests(InMemoryClusterFixture fixture) : IAsyncLifetime
{
    private const string Pickup = "P1";
    private const string Remote = "Q1";
    private readonly string tenantId = Keys.NewId("T");
    private readonly string wanted = Keys.NewId("SKU-A");
    private readonly string onlyAtPickup = Keys.NewId("SKU-B");

    public async Task InitializeAsync()
    {
        await TestTenant.ImportAsync(fixture.Client, tenantId,
            TestTenant.Store(Pickup, 0, TestTenant.OpenAllDay, 100), TestTenant.Store(Remote, 1, TestTenant.OpenAllDay, 100));
        await TestTenant.ReceiveAsync(fixture.Client, tenantId, wanted, Pickup, 100);
        await TestTenant.ReceiveAsync(fixture.Client, tenantId, wanted, Remote, 100);
        await TestTenant.ReceiveAsync(fixture.Client, tenantId, onlyAtPickup, Pickup, 10);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Reserve_ChosenStoreRanShortMeanwhile_NextAttemptSucceedsUsingTheSameStoreForTheOtherLine()
    {
        // The index learns of the pickup store (100 units) through a first allocation; 6 units held directly there
        // afterwards are below the tenth that would be reported, so the index still says 100.
        Assert.Equal(ReservationOutcome.Held, (await Reserve(Keys.NewId("R"), [new RequestedLine(wanted, 1)])).Outcome);
        Assert.Equal(ReservationOutcome.Held, (await Reserve(Keys.NewId("R"), [new RequestedLine(wanted, 5, Pickup)])).Outcome);

        var basket = await Reserve(Keys.NewId("R"), [new RequestedLine(wanted, 96), new RequestedLine(onlyAtPickup, 1)]);

        Assert.Equal(ReservationOutcome.Held, basket.Outcome);
        Assert.Contains(new ReservationLine(onlyAtPickup, Pickup, 1), basket.Reservation!.Lines);
        Assert.Equal(96, basket.Reservation.Lines.Where(line => line.Sku == wanted).Sum(line => line.Quantity));
        Assert.Contains(basket.Reservation.Lines, line => line.Sku == wanted && line.StoreId == Remote);
        Assert.Equal(9, await AvailableAsync(onlyAtPickup, Pickup));
        Assert.Equal(200 - 1 - 5 - 96, await AvailableAsync(wanted, Pickup) + await AvailableAsync(wanted, Remote));
    }

    [Fact]
    public async Task Release_BasketHeldOnALaterAttempt_ReturnsEveryUnit()
    {
        await Reserve(Keys.NewId("R"), [new RequestedLine(wanted, 1)]);
        await Reserve(Keys.NewId("R"), [new RequestedLine(wanted, 5, Pickup)]);
        var id = Keys.NewId("R");
        Assert.Equal(ReservationOutcome.Held, (await Reserve(id, [new RequestedLine(wanted, 96), new RequestedLine(onlyAtPickup, 1)])).Outcome);

        var released = await fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(tenantId, id).ToGrainKey()).Release();

        Assert.Equal(ReservationOutcome.Released, released.Outcome);
        Assert.Equal(10, await AvailableAsync(onlyAtPickup, Pickup));
        Assert.Equal(200 - 1 - 5, await AvailableAsync(wanted, Pickup) + await AvailableAsync(wanted, Remote));
    }

    private Task<ReservationResult> Reserve(string id, IReadOnlyList<RequestedLine> lines) =>
        fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(tenantId, id).ToGrainKey()).Reserve(new ReservationRequest(lines, 600, Pickup));

    private async Task<int> AvailableAsync(string sku, string store) =>
        (await fixture.Client.GetGrain<IStockGrain>(new StockKey(tenantId, sku, store).ToGrainKey()).GetView()).Counts.Available;
}
