using Allocation.Contracts.Picking;
using Allocation.Planning.Model;

namespace Allocation.Grains.Sourcing;

/// <summary>The solver's answer for one reservation, with the picks it needs booked at the source stores.</summary>
internal sealed record OnlineAllocation(OrderPlan Plan, IReadOnlyList<PlannedPick> Picks);
