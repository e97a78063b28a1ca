namespace Allocation.Client.Promises;

/// <summary>A basket to promise at a pickup store before checkout; holds nothing.</summary>
public sealed record PromiseRequest(string PickupStoreId, IReadOnlyList<PromiseLine> Lines);

public sealed record PromiseLine(string Sku, int Quantity);

public enum PromiseOutcome
{
    Promised,
    OutOfStock,
    CannotBeReadyInTime,
    NotPlannable,
}

/// <summary>The earliest ready-by the basket can be promised now, with its source stores, or why not.</summary>
public sealed record Promise(
    PromiseOutcome Outcome,
    DateTimeOffset? ReadyBy,
    IReadOnlyList<PromiseSource> Sources,
    DateTimeOffset? EarliestPossibleReadyAt,
    string? Reason,
    DateTimeOffset PlannedAt);

public sealed record PromiseSource(string Sku, string StoreId, int Quantity, DateTimeOffset ReadyAt);
