using Allocation.Planning.Model;

namespace Allocation.Planning.Online;

/// <summary>How the <see cref="AllocationMicroBatcher"/> gathers requests.</summary>
/// <param name="MicroBatchWindowMilliseconds">After the first request of a batch arrives, wait at most this long for more (0 = take only what is queued).</param>
/// <param name="MicroBatchOrdersMax">Plan at most this many orders together.</param>
/// <param name="QueuedRequestsMax">Requests waiting beyond this make callers wait (back-pressure) instead of growing memory.</param>
/// <param name="Limits">Limits for each planning call (null = <see cref="PlanningLimits.Default"/>).</param>
/// <param name="Costs">Cost terms (null = <see cref="PlanningCosts.Default"/>).</param>
public sealed record MicroBatchOptions(
    int MicroBatchWindowMilliseconds = 2,
    int MicroBatchOrdersMax = 64,
    int QueuedRequestsMax = 10_000,
    PlanningLimits? Limits = null,
    PlanningCosts? Costs = null)
{
    /// <summary>Longest accepted window.</summary>
    public const int MicroBatchWindowMillisecondsMax = 1000;

    /// <summary>Problems with the options, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MicroBatchWindowMilliseconds is < 0 or > MicroBatchWindowMillisecondsMax)
        {
            errors.Add($"microBatchWindowMilliseconds: {MicroBatchWindowMilliseconds} is not within 0..{MicroBatchWindowMillisecondsMax}");
        }

        if (MicroBatchOrdersMax < 1 || MicroBatchOrdersMax > (Limits ?? PlanningLimits.Default).OrdersMax)
        {
            errors.Add($"microBatchOrdersMax: {MicroBatchOrdersMax} is not within 1..limits.ordersMax");
        }

        if (QueuedRequestsMax < 1)
        {
            errors.Add($"queuedRequestsMax: {QueuedRequestsMax} must be at least 1");
        }

        errors.AddRange((Limits ?? PlanningLimits.Default).Validate());
        errors.AddRange((Costs ?? PlanningCosts.Default).Validate());
        return errors;
    }
}
