using Allocation.Contracts.Reservations;
using Allocation.Contracts.Sourcing;
using Allocation.Grains.Common;
using Allocation.Planning.Model;
using Orleans.Concurrency;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// Promises before checkout, planned by <see cref="OnlineAllocator.PlanEachAloneAsync"/>: the planner a reservation
/// goes through, on the snapshot it would take, with nothing held or booked. A stateless worker: promises are
/// read-only, so every silo answers its own callers without a hop to one activation.
/// </summary>
[StatelessWorker]
internal sealed class PromiseGrain(OnlineAllocator allocator, AllocationClock clock) : Grain, IPromiseGrain
{
    /// <summary>The id the planner sees; a promise is never stored, so it need not be unique.</summary>
    private const string PromiseOrderId = "promise";

    private const string NoNetworkReason = "the tenant has no store network yet";

    public async Task<PromiseResult> Promise(PromiseRequest request)
    {
        // Lines merged and ordered as a reservation merges them, so both plan the very same order.
        var lines = BasketLines.Normalize(request.Lines.Select(line => new RequestedLine(line.Sku, line.Quantity)));
        var order = new Order(PromiseOrderId, request.PickupStoreId, [.. lines.Select(line => new OrderLine(line.Sku, line.Quantity))], clock.UtcNow);
        var planned = await allocator.PlanEachAloneAsync(this.GetPrimaryKeyString(), [order], CancellationToken.None);
        if (planned is null)
        {
            return new PromiseResult(PromiseOutcome.NotPlannable, null, [], null, NoNetworkReason, clock.UtcNow);
        }

        var plan = planned.Plans[0];
        var sources = plan.Lines.SelectMany(line => line.Sources.Select(source => new PromiseSource(line.Sku, source.LocationId, source.Quantity, source.ReadyAt))).ToList();
        return new PromiseResult(OutcomeOf(plan.Status), plan.ReadyBy, sources, plan.EarliestPossibleReadyAt, plan.Reason, planned.PlannedAt);
    }

    public async Task<SkuPromiseResult> PromiseSku(SkuPromiseRequest request)
    {
        var tenantId = this.GetPrimaryKeyString();
        var network = await allocator.NetworkAsync(tenantId, CancellationToken.None);
        var pickups = network is null ? [] : PromiseArea.PickupStores(network, request);
        if (pickups.Count == 0)
        {
            return new SkuPromiseResult(false, [], clock.UtcNow);
        }

        var now = clock.UtcNow;
        var orders = pickups.Select(pickup => new Order(pickup.Id, pickup.Id, [new OrderLine(request.Sku, 1)], now)).ToList();
        var planned = await allocator.PlanEachAloneAsync(tenantId, orders, CancellationToken.None);
        if (planned is null)
        {
            return new SkuPromiseResult(false, [], now);
        }

        var stores = pickups.Select((pickup, index) => new StorePromise(pickup.Id, pickup.City, planned.Plans[index].ReadyBy, OutcomeOf(planned.Plans[index].Status)))
            .OrderBy(store => store.ReadyBy ?? DateTimeOffset.MaxValue)
            .ThenBy(store => store.PickupStoreId, StringComparer.Ordinal)
            .ToList();
        return new SkuPromiseResult(true, stores, planned.PlannedAt);
    }

    private static PromiseOutcome OutcomeOf(OrderStatus status) => status switch
    {
        OrderStatus.Allocated => PromiseOutcome.Promised,
        OrderStatus.OutOfStock => PromiseOutcome.OutOfStock,
        OrderStatus.CannotBeReadyInTime => PromiseOutcome.CannotBeReadyInTime,
        _ => PromiseOutcome.NotPlannable,
    };
}
