using Allocation.Planning.Common;
using Allocation.Planning.Model;
using Allocation.Planning.Solver;

namespace Allocation.Planning;

/// <summary>
/// The allocation planner: a pure function from a <see cref="PlanningRequest"/> to an <see cref="AllocationPlan"/>.
/// It never throws for bad input: request-level problems are in <see cref="AllocationPlan.Errors"/>, order-level ones
/// in each <see cref="OrderPlan"/>. Thread-safe; calls share only the compiled network cache.
/// </summary>
public static class AllocationPlanner
{
    /// <summary>
    /// Online mode, for one order or a micro-batch: orders are decided one after another, most urgent first, each with
    /// the exact best choice of at most SplitsPerOrderMax + 1 sources among its CandidateSourcesPerOrderMax cheapest
    /// feasible ones against the stock and capacity left by the orders before it.
    /// </summary>
    public static AllocationPlan PlanOnline(PlanningRequest request) => PlanOnline(request, TimeProvider.System);

    /// <summary>Online mode against the clock of <paramref name="time"/> (read only to stop explaining unallocated orders).</summary>
    public static AllocationPlan PlanOnline(PlanningRequest request, TimeProvider time) => Plan(request, "online", time, (context, movable, decisions, _) =>
    {
        PlanOnline(context, movable, decisions);
        return "online";
    });

    /// <summary>
    /// Batch mode: all movable orders re-planned jointly (min-cost flow + repair; small requests also exactly with CP-SAT,
    /// keeping the better plan) within <see cref="PlanningLimits.SolveTimeLimitMilliseconds"/> of wall time. Pinned orders
    /// are kept.
    /// </summary>
    public static AllocationPlan PlanBatch(PlanningRequest request) => PlanBatch(request, TimeProvider.System);

    /// <summary>
    /// Batch mode against the clock of <paramref name="time"/>: every phase stops at its share of
    /// <see cref="PlanningLimits.SolveTimeLimitMilliseconds"/> and keeps what it has decided, so the call returns within
    /// the limit with the best valid plan found so far (orders not reached are reported as not allocated in time).
    /// </summary>
    public static AllocationPlan PlanBatch(PlanningRequest request, TimeProvider time) => Plan(request, "batch", time, (context, movable, decisions, clock) =>
    {
        var exactSolve = movable.Count > 0 && movable.Count <= context.Limits.ExactSolveOrdersMax;
        var snapshot = exactSolve ? context.Clone() : null;
        var engine = FlowBatchPlanner.Solve(context, OrderPreparation.ByUrgency(movable), decisions, clock) switch
        {
            FlowOutcome.Solved => "batch:min-cost-flow+repair",
            FlowOutcome.NotOptimal => "batch:sequential (flow not optimal)",
            FlowOutcome.FallbackKept => "batch:sequential (flow solved too late)",
            _ => "batch:sequential (no time left for the flow)",
        };

        if (snapshot is not null && ExactPlanner.TrySolve(snapshot, movable, decisions, clock) is { } exact)
        {
            context.CopyFrom(snapshot);
            foreach (var order in movable)
            {
                decisions[order.Index] = exact[order.Index];
                if (exact[order.Index] is { } decision)
                {
                    context.Commit(order, decision);
                }
            }

            engine = "batch:cp-sat";
        }

        if (exactSolve)
        {
            context.Phases.Mark("cp-sat", clock);
        }

        return engine;
    });

    private static void PlanOnline(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions)
    {
        foreach (var order in OrderPreparation.ByUrgency(movable))
        {
            OrderSearch.Decide(context, order, decisions);
        }
    }

    /// <summary>
    /// Validates and prepares the request, runs <paramref name="engine"/> on the movable orders and assembles the plan.
    /// Internal so that verification baselines (the greedy planner) run through the same preparation and assembly.
    /// </summary>
    internal static AllocationPlan Plan(PlanningRequest request, string mode, TimeProvider time, Func<PlanContext, List<PreparedOrder>, Decision?[], PlanClock, string> engine)
    {
        var limitMilliseconds = request?.Limits?.SolveTimeLimitMilliseconds ?? PlanningLimits.Default.SolveTimeLimitMilliseconds;
        var clock = new PlanClock(time, Math.Max(0, limitMilliseconds));
        var errors = RequestErrors(request, out var network, out var limits, out var costs);
        if (errors.Count > 0)
        {
            var orders = (request?.Orders ?? []).Select(order => new OrderPlan(order?.Id ?? string.Empty, OrderStatus.Invalid, [], null, null, CostBreakdown.Zero, "request rejected: " + errors[0])).ToList();
            return new AllocationPlan(orders, errors, mode, clock.Elapsed.TotalMilliseconds);
        }

        var context = new PlanContext(network!, request!, limits, costs);
        var preparationStart = clock.Elapsed;
        var prepared = OrderPreparation.Prepare(context, request!);
        clock.ReserveTail(clock.Elapsed - preparationStart);
        context.Phases.Mark($"prepare (tail reserve {clock.TailReserveMilliseconds} ms)", clock);
        foreach (var order in prepared.Where(order => order.IsPinned && order.InvalidReason is null))
        {
            PlanAssembler.ApplyPinned(context, order);
        }

        var decisions = new Decision?[prepared.Length];
        var movable = prepared.Where(order => order.IsMovable).ToList();
        var engineName = engine(context, movable, decisions, clock);
        var plans = Assemble(context, prepared, decisions, clock);
        context.Phases.Mark("assemble", clock);
        return new AllocationPlan(plans, [], engineName, clock.Elapsed.TotalMilliseconds) { Phases = context.Phases.Phases };
    }

    private static OrderPlan[] Assemble(PlanContext context, PreparedOrder[] prepared, Decision?[] decisions, PlanClock clock)
    {
        var plans = new OrderPlan[prepared.Length];
        foreach (var order in prepared)
        {
            plans[order.Index] = order switch
            {
                { InvalidReason: { } reason } => PlanAssembler.NotAllocated(order, OrderStatus.Invalid, null, reason),
                { IsPinned: true } => PlanAssembler.Pinned(context, order),
                _ when decisions[order.Index] is { } decision => PlanAssembler.Allocated(context, order, decision),
                _ => null!,
            };
        }

        context.Phases.Mark("assemble allocated", clock);
        // Unallocated orders are explained against what is left once everyone else is served; once the clock passes the
        // explanation deadline it is not read again (a late order is then classified without its earliest ready time).
        var searchEarliest = true;
        var unitsLeftBySku = UnitsLeftBySku(context);
        foreach (var order in OrderPreparation.ByUrgency(prepared.Where(order => plans[order.Index] is null)))
        {
            searchEarliest = searchEarliest && !clock.IsPastExplanationDeadline;
            plans[order.Index] = Diagnose(context, order, unitsLeftBySku, searchEarliest);
        }

        return plans;
    }

    // Units of each SKU left in the whole network once the plan is made (explaining an order changes nothing), summed once:
    // summed per unallocated order it took 80 ms for 8,000 orders on a loaded machine, after the time limit's last check.
    private static long[] UnitsLeftBySku(PlanContext context)
    {
        var units = new long[context.SkuIndex.Count];
        for (var sku = 0; sku < units.Length; sku++)
        {
            for (var location = 0; location < context.Network.Count && context.HasStock(sku); location++)
            {
                units[sku] += context.Stock(sku, location);
            }
        }

        return units;
    }

    // Without time left (searchEarliest false) a late order is reported without its earliest possible ready time.
    private static OrderPlan Diagnose(PlanContext context, PreparedOrder order, long[] unitsLeftBySku, bool searchEarliest)
    {
        for (var requirement = 0; requirement < order.Skus.Length; requirement++)
        {
            var available = unitsLeftBySku[order.Skus[requirement]];
            if (available < order.Quantities[requirement])
            {
                var sku = context.SkuIndex.First(pair => pair.Value == order.Skus[requirement]).Key;
                return PlanAssembler.NotAllocated(order, OrderStatus.OutOfStock, null, $"sku '{sku}': {available} unit(s) left in the network, {order.Quantities[requirement]} needed");
            }
        }

        if (!searchEarliest)
        {
            return PlanAssembler.NotAllocated(order, OrderStatus.CannotBeReadyInTime, null, "not allocated within the time limit; earliest possible ready time not searched");
        }

        var earliest = OrderSearch.Best(context, order, context.HorizonEndMinute, earliestReady: true, context.Limits.CandidateSourcesPerOrderMax);
        if (earliest is null)
        {
            return PlanAssembler.NotAllocated(order, OrderStatus.OutOfStock, null,
                $"no {context.Limits.SplitsPerOrderMax + 1} reachable source(s) among the {context.Limits.CandidateSourcesPerOrderMax} nearest hold all lines with free pick capacity");
        }

        var deadline = TimeMath.FromMinutes(order.DeadlineMinute);
        var ready = TimeMath.FromMinutes(earliest.ReadyMinute);
        // What is left can still serve it in time: the plan's searches ended (the time limit) or passed it over.
        return earliest.ReadyMinute <= order.DeadlineMinute
            ? PlanAssembler.NotAllocated(order, OrderStatus.CannotBeReadyInTime, ready, $"not allocated by this plan (its searches ended or passed it over); from what is left it could be ready by {ready:u}, before the readiness deadline {deadline:u}: plan it again")
            : PlanAssembler.NotAllocated(order, OrderStatus.CannotBeReadyInTime, ready, $"earliest possible ready time {ready:u} is after the readiness deadline {deadline:u}");
    }

    private static List<string> RequestErrors(PlanningRequest? request, out CompiledNetwork? network, out PlanningLimits limits, out PlanningCosts costs)
    {
        network = null;
        limits = request?.Limits ?? PlanningLimits.Default;
        costs = request?.Costs ?? PlanningCosts.Default;
        if (request?.Network is null || request.Availability?.Stock is null || request.Availability.CapacityUsed is null || request.Orders is null)
        {
            return ["request: network, availability (stock, capacityUsed) and orders are required"];
        }

        var errors = new List<string>(limits.Validate());
        errors.AddRange(costs.Validate());
        if (request.Orders.Count > limits.OrdersMax)
        {
            errors.Add($"orders: {request.Orders.Count} orders exceed limits.ordersMax {limits.OrdersMax}");
        }

        network = CompiledNetwork.TryGet(request.Network, out var networkErrors);
        errors.AddRange(networkErrors.Select(error => "network." + error));
        return errors;
    }
}
