using Allocation.Load.Scenarios;
using Allocation.Load.Service;

namespace Allocation.Load.Tests.Scenarios;

public sealed class LoadPoolTests
{
    [Fact]
    public void SkuStores_SourceStoresBeyondThePickupStores_CoversEveryLocationTheSolverMayChoose()
    {
        // A solver-chosen line may come from a distribution centre: the harness must read and check it too, or a run
        // whose solver picked one reports its counts as unreadable.
        var pool = new LoadPool(["SKU-1"], ["SKU-1"], ["S1"], ["S1", "DC1"]);

        Assert.Equal([new SkuStore("SKU-1", "S1"), new SkuStore("SKU-1", "DC1")], pool.SkuStores);
        Assert.Equal("S1", pool.RandomStore(new Random(1)));
    }
}
