namespace Allocation.Contracts.Stock;

/// <summary>One SKU at one store (or distribution centre) of one tenant: the identity of a stock grain.</summary>
[GenerateSerializer, Immutable, Alias("allocation.stock-key")]
public sealed record StockKey(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Sku,
    [property: Id(2)] string StoreId)
{
    private const string Shape = "tenant|sku|store";

    public string ToGrainKey() => CompositeKey.Join(TenantId, Sku, StoreId);

    public static StockKey FromGrainKey(string grainKey)
    {
        var parts = CompositeKey.Split(grainKey, 3, Shape);
        return new StockKey(parts[0], parts[1], parts[2]);
    }

    public override string ToString() => ToGrainKey();
}
