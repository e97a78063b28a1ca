using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Planning.Online;

namespace Allocation.Planning.Tests;

public class MicroBatcherTests
{
    private static readonly StoreNetwork City = TestNetworks.SmallCity(3);

    [Fact]
    public async Task AllocateAsync_ManyConcurrentRequests_EveryCallerGetsOwnResult()
    {
        var stock = TestNetworks.Stock(("A", "S001", 1000), ("A", "S002", 1000));
        await using var batcher = new AllocationMicroBatcher(City, (_, _) => ValueTask.FromResult(stock), new MicroBatchOptions(MicroBatchWindowMilliseconds: 1, MicroBatchOrdersMax: 16), new FixedTime());

        var orders = Enumerable.Range(0, 200).Select(index => TestNetworks.Order($"O{index}", $"S00{1 + (index % 3)}", ("A", 1))).ToList();
        var results = await Task.WhenAll(orders.Select(order => Task.Run(() => batcher.AllocateAsync(order))));

        Assert.Equal(orders.Select(order => order.Id), results.Select(result => result.OrderId));
        Assert.All(results, result => Assert.Equal(OrderStatus.Allocated, result.Status));
        Assert.True(batcher.BatchesPlanned >= 200 / 16);
    }

    [Fact]
    public async Task AllocateAsync_TwoOrdersOneUnitSameBatch_OnlyOneAllocated()
    {
        // Two-line baskets: a lone single-line order is planned without the window (next test).
        var stock = TestNetworks.Stock(("A", "S001", 1), ("B", "S001", 2));
        var snapshots = 0;
        await using var batcher = new AllocationMicroBatcher(City, (_, _) => { Interlocked.Increment(ref snapshots); return ValueTask.FromResult(stock); },
            new MicroBatchOptions(MicroBatchWindowMilliseconds: 1000, MicroBatchOrdersMax: 2), new FixedTime());

        var results = await Task.WhenAll(
            batcher.AllocateAsync(TestNetworks.Order("O1", "S001", ("A", 1), ("B", 1))),
            batcher.AllocateAsync(TestNetworks.Order("O2", "S002", ("A", 1), ("B", 1))));

        Assert.Equal(1, snapshots);
        Assert.Equal(1, results.Count(result => result.Status == OrderStatus.Allocated));
    }

    [Fact]
    public async Task AllocateAsync_LoneSingleLineOrder_PlannedWithoutWaitingForTheWindow()
    {
        var stock = TestNetworks.Stock(("A", "S001", 1));
        // Timers never fire here: an order made to wait for the window would never be planned.
        await using var batcher = new AllocationMicroBatcher(City, (_, _) => ValueTask.FromResult(stock),
            new MicroBatchOptions(MicroBatchWindowMilliseconds: 1000, MicroBatchOrdersMax: 64), new StoppedTime());

        var result = await batcher.AllocateAsync(TestNetworks.Order("O1", "S001", ("A", 1))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(OrderStatus.Allocated, result.Status);
    }

    [Fact]
    public async Task DisposeAsync_RequestsQueued_AllCompletedThenRejectsNewOnes()
    {
        var stock = TestNetworks.Stock(("A", "S001", 100));
        var batcher = new AllocationMicroBatcher(City, (_, _) => ValueTask.FromResult(stock), new MicroBatchOptions(MicroBatchWindowMilliseconds: 1000, MicroBatchOrdersMax: 1000), new FixedTime());
        var pending = Enumerable.Range(0, 50).Select(index => batcher.AllocateAsync(TestNetworks.Order($"O{index}", "S001", ("A", 1)))).ToList();

        await batcher.DisposeAsync();

        Assert.All(pending, task => Assert.True(task.IsCompletedSuccessfully));
        Assert.Equal(50, pending.Count(task => task.Result.Status == OrderStatus.Allocated));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.AllocateAsync(TestNetworks.Order("late", "S001", ("A", 1))));
    }

    [Fact]
    public async Task AllocateAsync_SnapshotSourceFails_CallerSeesExceptionAndLaterRequestsServed()
    {
        var calls = 0;
        ValueTask<AvailabilitySnapshot> Source(IReadOnlyCollection<string> skus, CancellationToken token) =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("inventory store down") : ValueTask.FromResult(TestNetworks.Stock(("A", "S001", 1)));
        await using var batcher = new AllocationMicroBatcher(City, Source, new MicroBatchOptions(MicroBatchWindowMilliseconds: 0, MicroBatchOrdersMax: 1), new FixedTime());

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.AllocateAsync(TestNetworks.Order("O1", "S001", ("A", 1))));
        var next = await batcher.AllocateAsync(TestNetworks.Order("O2", "S001", ("A", 1)));

        Assert.Equal("inventory store down", failure.Message);
        Assert.Equal(OrderStatus.Allocated, next.Status);
    }

    [Fact]
    public async Task AllocateAsync_SkusRequested_SourceAskedForBatchSkus()
    {
        IReadOnlyCollection<string>? asked = null;
        await using var batcher = new AllocationMicroBatcher(City, (skus, _) => { asked = skus; return ValueTask.FromResult(AvailabilitySnapshot.Empty); },
            new MicroBatchOptions(MicroBatchWindowMilliseconds: 0, MicroBatchOrdersMax: 1), new FixedTime());

        var result = await batcher.AllocateAsync(TestNetworks.Order("O1", "S001", ("A", 1), ("B", 2)));

        Assert.Equal(OrderStatus.OutOfStock, result.Status);
        Assert.Equal(["A", "B"], asked!.Order());
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => new AllocationMicroBatcher(City, (_, _) => ValueTask.FromResult(AvailabilitySnapshot.Empty), new MicroBatchOptions(MicroBatchWindowMilliseconds: -1, MicroBatchOrdersMax: 0)));

        Assert.Contains("microBatchWindowMilliseconds", exception.Message, StringComparison.Ordinal);
        Assert.Contains("microBatchOrdersMax", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>Planning time fixed at the test "now"; timers still run on the system clock so windows close.</summary>
    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => TestNetworks.Now;
    }

    /// <summary>A clock whose timers never fire.</summary>
    private sealed class StoppedTime : StillClock
    {
        public override DateTimeOffset GetUtcNow() => TestNetworks.Now;
    }
}
