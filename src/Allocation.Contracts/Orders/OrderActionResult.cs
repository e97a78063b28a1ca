using Allocation.Contracts.Reservations;

namespace Allocation.Contracts.Orders;

/// <summary>
/// The answer of one order call: the outcome and the order afterwards. State is the order's (or line's) state named by
/// an illegal transition; Field the input a refusal is about; the pick fields are set by a confirmed pick.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.order-action-result")]
public sealed record OrderActionResult(
    [property: Id(0)] OrderActionOutcome Outcome,
    [property: Id(1)] OrderView? Order,
    [property: Id(2)] string? Message = null,
    [property: Id(3)] string? State = null,
    [property: Id(4)] string? Field = null,
    [property: Id(5)] PickOutcome? Pick = null,
    [property: Id(6)] int ShortQuantity = 0,
    [property: Id(7)] IReadOnlyList<ReservationLine>? ReallocatedLines = null,
    [property: Id(8)] int? AttemptsRemaining = null,
    [property: Id(9)] string? PickupCode = null)
{
    public bool Succeeded => Outcome is OrderActionOutcome.Done or OrderActionOutcome.Repeated;
}
