using Allocation.Contracts.Picking;

namespace Allocation.Contracts.Reservations;

/// <summary>
/// Move a paid order to new source stores. <paramref name="ExpectedLines"/> are the lines the plan was made
/// from: if the order changed meanwhile, nothing moves.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.reallocation-request")]
public sealed record ReallocationRequest(
    [property: Id(0)] IReadOnlyList<ReservationLine> ExpectedLines,
    [property: Id(1)] IReadOnlyList<ReservationLine> Lines,
    [property: Id(2)] IReadOnlyList<PlannedPick> Picks,
    [property: Id(3)] DateTimeOffset ReadyBy);
