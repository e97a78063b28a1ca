using Allocation.Planning.Model;
using Allocation.Planning.Network;

namespace Allocation.Grains.Sourcing;

/// <summary>Plans of orders each planned alone against one snapshot, holding nothing; at <paramref name="PlannedAt"/>.</summary>
internal sealed record IndependentPlans(StoreNetwork Network, IReadOnlyList<OrderPlan> Plans, DateTimeOffset PlannedAt);
