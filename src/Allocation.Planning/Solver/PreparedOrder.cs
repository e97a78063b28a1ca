using Allocation.Planning.Model;
using Allocation.Planning.Network;

namespace Allocation.Planning.Solver;

/// <summary>An order resolved to indexes: requirements per distinct SKU, release and deadline in minutes.</summary>
internal sealed class PreparedOrder
{
    public required int Index { get; init; }

    public required Order Order { get; init; }

    public int Pickup { get; init; } = -1;

    public int[] Skus { get; init; } = [];

    public int[] Quantities { get; init; } = [];

    public int TotalUnits { get; init; }

    public long ReleaseMinute { get; init; }

    public int ReleaseBucket { get; init; }

    public long DeadlineMinute { get; init; }

    /// <summary>Seeded hash of the id: breaks ties between orders with equal deadlines deterministically.</summary>
    public ulong TieBreak { get; init; }

    public string? InvalidReason { get; init; }

    public bool IsPinned => Order.PinnedLines is not null;

    public bool IsMovable => InvalidReason is null && !IsPinned;
}

/// <summary>One source of an allocation: where, which hourly bucket, when ready, and units per requirement.</summary>
internal sealed record SourceChoice(int Location, int Bucket, long ReadyMinute, int[] Units);

/// <summary>An order's chosen sources with the cost in cents.</summary>
internal sealed record Decision(SourceChoice[] Sources, long CostCents)
{
    public long ReadyMinute => Sources.Max(source => source.ReadyMinute);
}
