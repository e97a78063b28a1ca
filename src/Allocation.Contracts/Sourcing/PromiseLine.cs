namespace Allocation.Contracts.Sourcing;

[GenerateSerializer, Immutable, Alias("allocation.promise-line")]
public sealed record PromiseLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] int Quantity);
