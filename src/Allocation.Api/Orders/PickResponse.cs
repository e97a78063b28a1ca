using Allocation.Contracts.Orders;
using Allocation.Contracts.Reservations;

namespace Allocation.Api.Orders;

/// <summary>What a confirmed pick did: found all, or short and re-sourced in time, late, or partial.</summary>
public sealed record PickResponse(PickOutcome Outcome, OrderView Order, int ShortQuantity, IReadOnlyList<ReservationLine> ReallocatedLines, DateTimeOffset? EarliestReadyAt);
