namespace Allocation.Contracts.Reservations;

/// <summary>One reservation of one tenant: the identity of a reservation grain.</summary>
[GenerateSerializer, Immutable, Alias("allocation.reservation-key")]
public sealed record ReservationKey(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string ReservationId)
{
    private const string Shape = "tenant|reservation";

    public string ToGrainKey() => CompositeKey.Join(TenantId, ReservationId);

    public static ReservationKey FromGrainKey(string grainKey)
    {
        var parts = CompositeKey.Split(grainKey, 2, Shape);
        return new ReservationKey(parts[0], parts[1]);
    }

    public override string ToString() => ToGrainKey();
}
