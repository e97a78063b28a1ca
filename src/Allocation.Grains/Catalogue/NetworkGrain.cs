using Allocation.Contracts.Catalogue;
using Allocation.Grains.Common;
using Allocation.Planning.Network;

namespace Allocation.Grains.Catalogue;

internal sealed class NetworkGrain(
    [PersistentState(StorageNames.NetworkState, StorageNames.GrainStorage)] IPersistentState<NetworkState> state) : Grain, INetworkGrain
{
    public async Task<long> Replace(string json)
    {
        state.State.Version++;
        state.State.Json = json;
        await state.WriteStateAsync();
        return state.State.Version;
    }

    public Task<NetworkDocument?> Get() =>
        Task.FromResult(state.State.Json is { } json ? new NetworkDocument(state.State.Version, json) : null);

    public Task<long> GetVersion() => Task.FromResult(state.State.Version);
}
