namespace Allocation.Contracts.Catalogue;

/// <summary>The tenant's store network as JSON (the Allocation.Planning network format), with a version that grows on every change.</summary>
[GenerateSerializer, Immutable, Alias("allocation.network-document")]
public sealed record NetworkDocument(
    [property: Id(0)] long Version,
    [property: Id(1)] string Json);
