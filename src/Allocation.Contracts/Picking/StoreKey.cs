namespace Allocation.Contracts.Picking;

/// <summary>One store (or distribution centre) of one tenant: the identity of a store's pick schedule.</summary>
[GenerateSerializer, Immutable, Alias("allocation.store-key")]
public sealed record StoreKey(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string StoreId)
{
    private const string Shape = "tenant|store";

    public string ToGrainKey() => CompositeKey.Join(TenantId, StoreId);

    public static StoreKey FromGrainKey(string grainKey)
    {
        var parts = CompositeKey.Split(grainKey, 2, Shape);
        return new StoreKey(parts[0], parts[1]);
    }

    public override string ToString() => ToGrainKey();
}
