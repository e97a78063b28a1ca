namespace Allocation.Contracts.Stock;

/// <summary>A stock movement; DocumentId makes it idempotent (the same document twice is applied once).</summary>
[GenerateSerializer, Immutable, Alias("allocation.movement-request")]
public sealed record MovementRequest(
    [property: Id(0)] MovementKind Kind,
    [property: Id(1)] int Quantity,
    [property: Id(2)] string DocumentId,
    [property: Id(3)] string? Reason = null);
