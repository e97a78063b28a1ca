using Allocation.Load.Invariants;
using Allocation.Load.Service;

namespace Allocation.Load.Scenarios;

/// <summary>
/// What every scenario shares. ArrivalsStopped ends think times (an iteration that has not sent its next request by
/// then leaves its hold to expire); requests already sent are answered, unless HardStop is cancelled.
/// </summary>
public sealed record ScenarioContext(
    IAllocationService Service,
    StepRunner Steps,
    RunLedger Ledger,
    LoadPool Pool,
    string RunId,
    int HoldTtlSeconds,
    int Seed,
    CancellationToken ArrivalsStopped,
    CancellationToken HardStop,
    IStoreOperations? Store = null)
{
    /// <summary>The same random stream for the same scenario and iteration on every run with the same seed.</summary>
    public Random RandomFor(string scenario, long index) =>
        new(HashCode.Combine(Seed, StableHash(scenario), index));

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var character in text)
        {
            hash = unchecked(hash * 31 + character);
        }

        return hash;
    }
}
