using Allocation.Contracts.Picking;

namespace Allocation.Contracts.Sourcing;

/// <summary>
/// A tenant's pick load across all stores, in memory, fed by the stores' pick schedules: the solver's view of capacity
/// already booked. Advisory only: each store's schedule decides every booking. Key: tenant id.
/// </summary>
public interface IPickLoadGrain : IGrainWithStringKey
{
    /// <summary>
    /// A store's picks per hour after its change <paramref name="sequence"/>; older reports are ignored. One-way: the
    /// schedule decides every booking and never waits for the index (no answer message either).
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task Report(string storeId, IReadOnlyList<HourLoad> loads, long sequence);

    [Orleans.Concurrency.ReadOnly]
    Task<PickLoadChanges> GetChangesSince(Guid epoch, long version);
}
