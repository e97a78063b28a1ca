using Allocation.Contracts.Stock;

namespace Allocation.Grains.Stock;

/// <summary>The in-memory answer to a hold, before it is made durable; a value so deciding allocates nothing.</summary>
internal readonly record struct HoldDecision(HoldOutcome Outcome, int Quantity, long ExpiresAtUnixMilliseconds, int Available, HoldStatus? Status)
{
    public HoldResult ToContract() => new(
        Outcome,
        Quantity,
        ExpiresAtUnixMilliseconds == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAtUnixMilliseconds),
        Available,
        Status);
}
