namespace Allocation.Contracts.Orders;

/// <summary>One click-and-collect order of one tenant (its id is the reservation id): the identity of an order grain.</summary>
[GenerateSerializer, Immutable, Alias("allocation.order-key")]
public sealed record OrderKey(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string OrderId)
{
    private const string Shape = "tenant|order";

    public string ToGrainKey() => CompositeKey.Join(TenantId, OrderId);

    public static OrderKey FromGrainKey(string grainKey)
    {
        var parts = CompositeKey.Split(grainKey, 2, Shape);
        return new OrderKey(parts[0], parts[1]);
    }

    public override string ToString() => ToGrainKey();
}
