using Allocation.Planning.Network;

namespace Allocation.Planning.Model;

/// <summary>Everything a planning call needs; the planner reads nothing else (no clock, no I/O).</summary>
/// <param name="Network">Locations and lanes.</param>
/// <param name="Availability">Stock and used capacity.</param>
/// <param name="Orders">Orders to allocate (pinned ones are kept as they are).</param>
/// <param name="Now">Planning time; no pick starts earlier.</param>
/// <param name="Limits">Sizes and time limits (null = <see cref="PlanningLimits.Default"/>).</param>
/// <param name="Costs">Cost terms (null = <see cref="PlanningCosts.Default"/>).</param>
/// <param name="Seed">Breaks ties between otherwise equal orders; the same request and seed give the same plan.</param>
public sealed record PlanningRequest(
    StoreNetwork Network,
    AvailabilitySnapshot Availability,
    IReadOnlyList<Order> Orders,
    DateTimeOffset Now,
    PlanningLimits? Limits = null,
    PlanningCosts? Costs = null,
    int Seed = 0);
