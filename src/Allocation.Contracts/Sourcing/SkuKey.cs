namespace Allocation.Contracts.Sourcing;

/// <summary>One SKU of one tenant across all its stores: the identity of a SKU availability index.</summary>
[GenerateSerializer, Immutable, Alias("allocation.sku-key")]
public sealed record SkuKey(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Sku)
{
    private const string Shape = "tenant|sku";

    public string ToGrainKey() => CompositeKey.Join(TenantId, Sku);

    public static SkuKey FromGrainKey(string grainKey)
    {
        var parts = CompositeKey.Split(grainKey, 2, Shape);
        return new SkuKey(parts[0], parts[1]);
    }

    public override string ToString() => ToGrainKey();
}
