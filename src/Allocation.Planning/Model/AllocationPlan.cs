namespace Allocation.Planning.Model;

/// <summary>A planning result: one <see cref="OrderPlan"/> per request order, in request order.</summary>
/// <param name="Orders">The decisions.</param>
/// <param name="Errors">Request-level problems (bad network, limits or costs); when present every order is Invalid.</param>
/// <param name="Engine">Which method produced the plan, e.g. <c>online</c>, <c>batch:min-cost-flow+repair</c>, <c>batch:cp-sat</c>.</param>
/// <param name="SolveMilliseconds">Wall-clock time spent planning.</param>
public sealed record AllocationPlan(IReadOnlyList<OrderPlan> Orders, IReadOnlyList<string> Errors, string Engine, double SolveMilliseconds)
{
    /// <summary>Sum of the allocated orders' costs.</summary>
    public decimal TotalCost => Orders.Sum(order => order.Cost.Total);

    /// <summary>Where the time went: each phase with the time it ended (batch phases; online plans list only prepare and assemble).</summary>
    public IReadOnlyList<PlanPhase> Phases { get; init; } = [];

    /// <summary>Allocated orders.</summary>
    public int AllocatedCount => Orders.Count(order => order.Status == OrderStatus.Allocated);
}
