using Allocation.Contracts;
using System.ComponentModel.DataAnnotations;

namespace Allocation.Grains.Sourcing;

public sealed class ReoptimizationOptions
{
    public const string SectionName = "Allocation:Reoptimization";

    /// <summary>How often each tenant's paid orders are re-planned jointly; 0 runs it only when asked (API).</summary>
    [Range(0, 1_440)]
    public int IntervalMinutes { get; set; } = 15;

    /// <summary>
    /// How soon after a stock receipt, or a movement that leaves promised units uncovered, the tenant's paid orders are
    /// re-planned (seconds); 0 waits for the schedule.
    /// </summary>
    [Range(0, 86_400)]
    public int AfterStockChangeDelaySeconds { get; set; } = 60;

    /// <summary>Tenants re-planned on the schedule.</summary>
    [Required, MinLength(1), Identifier]
    public string[] TenantIds { get; set; } = ["default"];

    /// <summary>Orders one run re-plans at most (the planner's own limit is 20,000).</summary>
    [Range(1, 20_000)]
    public int OrdersMax { get; set; } = 10_000;

    /// <summary>How long a move's new holds and bookings live before they are confirmed (seconds).</summary>
    [Range(5, 3_600)]
    public int MoveHoldSeconds { get; set; } = 60;

    /// <summary>Moves carried out at once.</summary>
    [Range(1, 256)]
    public int MovesInParallelMax { get; set; } = 16;

    /// <summary>Time the joint plan may take (milliseconds).</summary>
    [Range(100, 60_000)]
    public int SolveTimeLimitMilliseconds { get; set; } = 1_000;
}
