using Allocation.Contracts.Stock;

namespace Allocation.Grains.Stock;

[GenerateSerializer, Immutable, Alias("allocation.hold-snapshot.v1")]
internal sealed record HoldSnapshot(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] int TtlSeconds,
    [property: Id(3)] long ExpiresAtUnixMilliseconds,
    [property: Id(4)] HoldStatus Status,
    [property: Id(5)] long FinishedAtUnixMilliseconds);
