namespace Allocation.Grains.Contracts;

/// <summary>One SKU at one store (or distribution centre) of one tenant: the identity of a stock grain.</summary>
[GenerateSerializer, Immutable, Alias("allocation.stock-key")]
public sealed record StockKey(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Sku,
    [property: Id(2)] string StoreId)
{
    private const char Separator = '|';

    public string ToGrainKey() => string.Join(Separator, TenantId, Sku, StoreId);

    public static StockKey FromGrainKey(string grainKey)
    {
        var parts = grainKey.Split(Separator);
        if (parts.Length != 3 || !parts.All(Identifiers.IsValid))
        {
            throw new ArgumentException($"'{grainKey}' is not a stock grain key (tenant|sku|store).", nameof(grainKey));
        }

        return new StockKey(parts[0], parts[1], parts[2]);
    }

    public override string ToString() => ToGrainKey();
}
