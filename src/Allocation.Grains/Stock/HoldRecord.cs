using Allocation.Contracts.Stock;

namespace Allocation.Grains.Stock;

/// <summary>One reservation's hold at this SKU-store; kept after it ends so repeats get the original answer.</summary>
internal readonly record struct HoldRecord(int Quantity, int TtlSeconds, long ExpiresAtUnixMilliseconds, HoldStatus Status)
{
    public bool IsOpen => Status is HoldStatus.Held or HoldStatus.Committed;
}
