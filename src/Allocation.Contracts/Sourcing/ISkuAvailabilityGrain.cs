namespace Allocation.Contracts.Sourcing;

/// <summary>
/// Where one SKU is available across all stores: the solver's view of stock, kept in memory and fed by the stock
/// grains as their counts change. Advisory only: the stock grains decide every hold. Key: "tenant|sku".
/// </summary>
public interface ISkuAvailabilityGrain : IGrainWithStringKey
{
    /// <summary>A stock grain's available units after its ledger entry <paramref name="sequence"/>; older reports are ignored.</summary>
    Task Report(string storeId, int available, long sequence);

    /// <summary>
    /// Stores with available units. The same array comes back until a report changes it (immutable: not copied
    /// in-process), so callers may cache what they derive from it by reference.
    /// </summary>
    [Orleans.Concurrency.ReadOnly]
    Task<Orleans.Concurrency.Immutable<StoreAvailability[]>> GetAvailable();
}
