namespace Allocation.Api.Promises;

/// <summary>A basket checkout asks about before the customer commits: to be collected at PickupStoreId.</summary>
public sealed record PromiseBody(string? PickupStoreId, IReadOnlyList<PromiseLineBody?>? Lines);
