using Allocation.Load.Service;

namespace Allocation.Load.Scenarios;

/// <summary>The lines of one checkout and, when the solver chooses the stores, the pickup store.</summary>
public sealed record Basket(IReadOnlyList<ReserveLineCommand> Lines, string? PickupStoreId);
