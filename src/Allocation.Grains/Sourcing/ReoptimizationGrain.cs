using Allocation.Contracts.Orders;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Sourcing;
using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Planning;
using Allocation.Planning.Model;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// A tenant's batch re-optimisation. Gathers the paid orders whose picking has not started, plans them jointly
/// (OR-Tools, on the thread pool so the silo's scheduler is not blocked), and moves those the joint plan sources
/// differently, but only when the plan lowers the total cost. Not reentrant: one run at a time per tenant.
/// </summary>
internal sealed class ReoptimizationGrain(
    IOpenOrderStore openOrders,
    OnlineAllocator allocator,
    AllocationClock clock,
    IOptions<SourcingOptions> allocation,
    IOptions<ReoptimizationOptions> options,
    ILogger<ReoptimizationGrain> logger) : Grain, IReoptimizationGrain
{
    /// <summary>Placements asked for at once: bounds the messages in flight for 10,000 orders.</summary>
    private const int PlacementsPerRoundMax = 256;

    private string tenantId = "";
    private ReoptimizationReport? lastReport;
    private IGrainTimer? nudgeTimer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        tenantId = this.GetPrimaryKeyString();
        return Task.CompletedTask;
    }

    public Task<ReoptimizationReport?> GetLastReport() => Task.FromResult(lastReport);

    public Task Nudge()
    {
        if (options.Value.AfterStockChangeDelaySeconds > 0 && nudgeTimer is null)
        {
            var due = TimeSpan.FromSeconds(options.Value.AfterStockChangeDelaySeconds);
            nudgeTimer = this.RegisterGrainTimer(OnNudgeTimerAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    private async Task OnNudgeTimerAsync(CancellationToken cancellationToken)
    {
        nudgeTimer?.Dispose();
        nudgeTimer = null;
        try
        {
            var report = await Run();
            logger.LogInformation("Re-optimised {Tenant} after a stock change: {Report}", tenantId, report);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Re-optimisation of {Tenant} after a stock change failed; the schedule retries", tenantId);
        }
    }

    public async Task<ReoptimizationReport?> RunIfDue()
    {
        var spacing = TimeSpan.FromMinutes(options.Value.IntervalMinutes / 2.0);
        return lastReport is { } last && clock.UtcNow - last.StartedAt < spacing ? null : await Run();
    }

    public async Task<ReoptimizationReport> Run()
    {
        var startedAt = clock.UtcNow;
        if (await allocator.NetworkAsync(tenantId, CancellationToken.None) is not { } storeNetwork)
        {
            return Remember(Empty(startedAt, "the tenant has no store network yet"));
        }

        var placements = await PlacementsAsync(startedAt);
        if (placements.Count == 0)
        {
            return Remember(Empty(startedAt, "no paid order whose picking has not started"));
        }

        var clockwatch = Stopwatch.StartNew();
        var skus = placements.SelectMany(placement => placement.Lines).Select(line => line.Sku).ToHashSet(StringComparer.Ordinal);
        var available = await allocator.AvailableStockAsync(tenantId, skus);
        var booked = await new PickLoadView(GrainFactory.GetGrain<IPickLoadGrain>(tenantId)).UsageAsync(startedAt);
        var shortfalls = await ShortfallsAsync(placements);
        var limits = PlanningLimits.Default with
        {
            ReadinessWindowMinutes = allocation.Value.ReadinessWindowMinutes,
            SolveTimeLimitMilliseconds = options.Value.SolveTimeLimitMilliseconds,
        };
        var before = await Task.Run(() => AllocationPlanner.PlanBatch(ReoptimizationPlan.Request(storeNetwork, placements, available, shortfalls, booked, startedAt, pinAll: true, limits)));
        var after = await Task.Run(() => AllocationPlanner.PlanBatch(ReoptimizationPlan.Request(storeNetwork, placements, available, shortfalls, booked, startedAt, pinAll: false, limits)));
        var planMilliseconds = clockwatch.Elapsed.TotalMilliseconds;
        var costBefore = before.TotalCost;
        var costAfter = EffectiveCost(before, after);
        var report = new ReoptimizationReport(startedAt, placements.Count, placements.Count, costBefore, costAfter, 0, 0, after.Engine, planMilliseconds);
        // With units missing the current placements cannot all be picked: the plan on the stock that is there is carried
        // out even if it costs more.
        if (costAfter >= costBefore && shortfalls.Count == 0)
        {
            return Remember(report with { Note = "the joint plan is no cheaper: nothing moved" });
        }

        var (moved, rolledBack) = await MoveAsync(ReoptimizationPlan.Moves(storeNetwork, placements, after));
        var note = shortfalls.Count == 0 ? null : $"{shortfalls.Count} SKU-store(s) short of promised units: orders moved off them whatever the cost";
        return Remember(report with { OrdersMoved = moved, MovesRolledBack = rolledBack, Note = note });
    }

    /// <summary>Orders the new plan leaves out keep their stores, so they keep their cost.</summary>
    private static decimal EffectiveCost(AllocationPlan before, AllocationPlan after)
    {
        var kept = before.Orders.ToDictionary(order => order.OrderId, order => order.Cost.Total, StringComparer.Ordinal);
        return after.Orders.Sum(order => order.Status == OrderStatus.Allocated ? order.Cost.Total : kept.GetValueOrDefault(order.OrderId));
    }

    private async Task<(int Moved, int RolledBack)> MoveAsync(List<(string ReservationId, ReallocationRequest Request)> moves)
    {
        var results = new List<ReallocationResult>(moves.Count);
        foreach (var chunk in moves.Chunk(options.Value.MovesInParallelMax))
        {
            results.AddRange(await Task.WhenAll(chunk.Select(move =>
                Order(move.ReservationId).Move(move.Request))));
        }

        var moved = results.Count(result => result.Outcome == ReallocationOutcome.Moved);
        if (moved < results.Count)
        {
            logger.LogInformation("Re-optimisation of {Tenant}: {Moved} moved, {Other} kept their stores", tenantId, moved, results.Count - moved);
        }

        return (moved, results.Count(result => result.Outcome == ReallocationOutcome.RolledBack));
    }

    /// <summary>
    /// Paid orders that may still move (each asked of its order, which owns it). One whose picking has started never will again, so it leaves the open list
    /// (its units and picks stay counted by the indexes): the list holds only candidates and never fills up with history.
    /// </summary>
    private async Task<List<ReservationPlacement>> PlacementsAsync(DateTimeOffset now)
    {
        var ids = await openOrders.ListAsync(tenantId, options.Value.OrdersMax, CancellationToken.None);
        var placements = new List<ReservationPlacement>(ids.Count);
        foreach (var chunk in ids.Chunk(PlacementsPerRoundMax))
        {
            var answers = await Task.WhenAll(chunk.Select(id => Order(id).GetPlacement()));
            for (var index = 0; index < chunk.Length; index++)
            {
                if (answers[index] is { Status: ReservationStatus.Confirmed, IsSolverAllocated: true, PickupStoreId: not null } placement
                    && ReoptimizationPlan.IsMovable(placement, now))
                {
                    placements.Add(placement);
                }
                else
                {
                    // Released, picking started or never paid: no longer a candidate.
                    await openOrders.RemoveAsync(tenantId, chunk[index], CancellationToken.None);
                }
            }
        }

        return placements;
    }

    /// <summary>
    /// Units promised at the SKU-stores these reservations use that on hand no longer covers (a count, sale or write-off
    /// found them missing). Asked of the stock grains themselves: the availability index reports only what is free.
    /// </summary>
    private async Task<Dictionary<(string Sku, string StoreId), int>> ShortfallsAsync(List<ReservationPlacement> placements)
    {
        var keys = placements.SelectMany(placement => placement.Lines).Select(line => (line.Sku, line.StoreId)).Distinct().ToList();
        var shortfalls = new Dictionary<(string Sku, string StoreId), int>();
        foreach (var chunk in keys.Chunk(PlacementsPerRoundMax))
        {
            var views = await Task.WhenAll(chunk.Select(key => GrainFactory.GetGrain<IStockGrain>(new StockKey(tenantId, key.Sku, key.StoreId).ToGrainKey()).GetView()));
            foreach (var view in views.Where(view => view.Counts.Shortfall > 0))
            {
                shortfalls[(view.Key.Sku, view.Key.StoreId)] = view.Counts.Shortfall;
            }
        }

        return shortfalls;
    }

    private IOrderGrain Order(string orderId) => GrainFactory.GetGrain<IOrderGrain>(new OrderKey(tenantId, orderId).ToGrainKey());

    private static ReoptimizationReport Empty(DateTimeOffset startedAt, string note) => new(startedAt, 0, 0, 0, 0, 0, 0, "none", 0, note);

    private ReoptimizationReport Remember(ReoptimizationReport report)
    {
        lastReport = report;
        return report;
    }
}
