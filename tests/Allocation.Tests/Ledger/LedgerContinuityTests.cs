using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;

namespace Allocation.Tests.Ledger;

/// <summary>The gap guard's pure half: which entries of a batch must find a predecessor, and which SKU-stores skip one.</summary>
public sealed class LedgerContinuityTests
{
    [Fact]
    public void Inspect_SkuStoresInterleaved_FirstEntryOfEachIsItsHead()
    {
        var first = Keys.NewStock();
        var second = Keys.NewStock();

        var (heads, broken) = LedgerContinuity.Inspect([Entry(first, 4), Entry(second, 1), Entry(first, 5), Entry(second, 2), Entry(first, 6)]);

        Assert.Equal([(first, 4L), (second, 1L)], heads.Select(head => (head.Key, head.Sequence)));
        Assert.Empty(broken);
        Assert.Equal([(first, 4L)], LedgerContinuity.NeedingPredecessor(heads).Select(head => (head.Key, head.Sequence)));
    }

    [Theory]
    [InlineData(new long[] { 1, 3 })]
    [InlineData(new long[] { 5, 5 })]
    [InlineData(new long[] { 7, 6 })]
    [InlineData(new long[] { 2, 3, 5, 6 })]
    public void Inspect_SequenceSkippedRepeatedOrBackwards_SkuStoreBroken(long[] sequences)
    {
        var skipping = Keys.NewStock();
        var good = Keys.NewStock();

        var (_, broken) = LedgerContinuity.Inspect([Entry(good, 1), .. sequences.Select(sequence => Entry(skipping, sequence)), Entry(good, 2)]);

        Assert.Equal([skipping], broken);
    }

    [Fact]
    public void Inspect_NoEntries_NoHeadsAndNothingBroken()
    {
        var (heads, broken) = LedgerContinuity.Inspect([]);

        Assert.Empty(heads);
        Assert.Empty(broken);
    }

    private static LedgerEntry Entry(StockKey key, long sequence) =>
        new(key, sequence, LedgerEntryKind.Receipt, 1, new CountSet(0, 0, 0, 0), new CountSet(1, 0, 0, 0), "doc", null, 0, 0, 0);
}
