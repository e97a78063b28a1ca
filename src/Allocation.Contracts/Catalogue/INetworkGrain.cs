namespace Allocation.Contracts.Catalogue;

/// <summary>The tenant's store network (locations, opening hours, capacity, transfer lanes). Key: the tenant id.</summary>
public interface INetworkGrain : IGrainWithStringKey
{
    /// <summary>Replaces the network; the JSON must already be validated by the caller. Returns the new version.</summary>
    Task<long> Replace(string json);

    [Orleans.Concurrency.ReadOnly]
    Task<NetworkDocument?> Get();

    /// <summary>0 when the tenant has no network yet; cheap, so callers can cache the parsed network by version.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<long> GetVersion();
}
