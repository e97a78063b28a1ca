using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;
using Allocation.Tests.Infrastructure;
using Allocation.Tests.Support;
using Npgsql;

namespace Allocation.Tests.Ledger;

/// <summary>What PostgreSQL refuses of a batch fails only its own SKU-store or record; the rest of the batch commits.</summary>
public sealed class PostgresLedgerStoreTests : IAsyncLifetime
{
    private ScratchDatabase database = null!;
    private NpgsqlDataSource dataSource = null!;
    private PostgresLedgerStore store = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabases.CreateAsync();
        dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        store = new PostgresLedgerStore(dataSource);
    }

    public async Task DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Commit_EntryWithNulInReason_RefusesOnlyThatSkuStore()
    {
        var good = Keys.NewStock();
        var bad = Keys.NewStock();
        var kept = Record("kept");
        var batch = new LedgerBatch([Receipt(good, 1, null), Receipt(bad, 1, "broken\u0000reason"), Receipt(good, 2, null)], [kept]);

        var rejections = await CommitAsync(batch);

        Assert.True(rejections.Rejects(bad));
        Assert.False(rejections.Rejects(good));
        Assert.Equal([1L, 2L], (await store.ReadAsync(good, 0, 10, CancellationToken.None)).Select(entry => entry.Sequence));
        Assert.Empty(await store.ReadAsync(bad, 0, 10, CancellationToken.None));
        Assert.Single((await store.ReadRecordsAsync([kept.Key.Owner], CancellationToken.None)).Values.Single());
    }

    [Fact]
    public async Task Commit_EntryThatSkipsASequence_RefusedAndTheRestCommits()
    {
        var good = Keys.NewStock();
        var gapped = Keys.NewStock();
        await CommitAsync(new LedgerBatch([Receipt(gapped, 1, null)], []));

        var rejections = await CommitAsync(new LedgerBatch([Receipt(good, 1, null), Receipt(gapped, 3, null)], []));

        Assert.True(rejections.Rejects(gapped));
        Assert.Single(await store.ReadAsync(good, 0, 10, CancellationToken.None));
        Assert.Equal([1L], (await store.ReadAsync(gapped, 0, 10, CancellationToken.None)).Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task Commit_GapInsideTheBatchOrBeforeALedgersFirstEntry_RefusesOnlyThoseSkuStores()
    {
        var good = Keys.NewStock();
        var skipping = Keys.NewStock();
        var headless = Keys.NewStock();
        var kept = Record("kept");

        var rejections = await CommitAsync(new LedgerBatch(
            [Receipt(good, 1, null), Receipt(skipping, 1, null), Receipt(headless, 2, null), Receipt(skipping, 3, null), Receipt(good, 2, null)], [kept]));

        Assert.Equal(2, rejections.Count);
        Assert.True(rejections.Rejects(skipping));
        Assert.True(rejections.Rejects(headless));
        Assert.Equal([1L, 2L], (await store.ReadAsync(good, 0, 10, CancellationToken.None)).Select(entry => entry.Sequence));
        Assert.Empty(await store.ReadAsync(skipping, 0, 10, CancellationToken.None));
        Assert.Empty(await store.ReadAsync(headless, 0, 10, CancellationToken.None));
        Assert.Single((await store.ReadRecordsAsync([kept.Key.Owner], CancellationToken.None)).Values.Single());
    }

    [Fact]
    public async Task Commit_PreviousBatchRefusedTheSkuStore_NextBatchContinuingItRefusedToo()
    {
        var key = Keys.NewStock();
        await using var first = await store.StageAsync(new LedgerBatch([Receipt(key, 1, "broken\u0000reason")], []), CancellationToken.None);
        await using var second = await store.StageAsync(new LedgerBatch([Receipt(key, 2, null)], []), CancellationToken.None);

        Assert.True((await first.CommitAsync(CancellationToken.None)).Rejects(key));
        Assert.True((await second.CommitAsync(CancellationToken.None)).Rejects(key));

        Assert.Empty(await store.ReadAsync(key, 0, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Commit_NextBatchStagedBeforePreviousCommits_ContinuesItsLedger()
    {
        var key = Keys.NewStock();
        await using var first = await store.StageAsync(new LedgerBatch([Receipt(key, 1, null)], []), CancellationToken.None);
        await using var second = await store.StageAsync(new LedgerBatch([Receipt(key, 2, null)], []), CancellationToken.None);

        Assert.True((await first.CommitAsync(CancellationToken.None)).IsEmpty);
        Assert.True((await second.CommitAsync(CancellationToken.None)).IsEmpty);

        Assert.Equal([1L, 2L], (await store.ReadAsync(key, 0, 10, CancellationToken.None)).Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task Records_WrittenThenRemoved_ReadBackAndListedByStatus()
    {
        var pending = Record("pending-one") with { Status = "pending" };
        var done = Record("done");
        await CommitAsync(new LedgerBatch([], [pending, done]));
        var listed = await store.ListRecordOwnersAsync("reservation", "pending", DateTimeOffset.UtcNow.AddMinutes(1), 10, CancellationToken.None);
        await CommitAsync(new LedgerBatch([], [pending with { Payload = null }]));

        Assert.Equal([pending.Key.Owner], listed);
        Assert.Empty(await store.ReadRecordsAsync([pending.Key.Owner], CancellationToken.None));
        Assert.Equal([7, 7], (await store.ReadRecordsAsync([done.Key.Owner], CancellationToken.None)).Values.Single().Single().Payload);
    }

    [Fact]
    public async Task Claim_KeyTakenBeforeOrEarlierInTheBatch_LostAndTheFirstValueKept()
    {
        var key = Keys.NewStock();
        var taken = Record("taken");
        await CommitAsync(new LedgerBatch([], [taken]));
        var fresh = Record("fresh") with { IsClaim = true, Payload = [1] };
        var again = fresh with { Payload = [2] };

        byte[] lostPayload = [9];
        var rejections = await CommitAsync(new LedgerBatch([Receipt(key, 1, null)], [taken with { IsClaim = true, Payload = lostPayload }, fresh, again]));

        Assert.True(rejections.IsEmpty);
        Assert.True(rejections.LostClaim(taken with { IsClaim = true, Payload = lostPayload }));
        Assert.False(rejections.LostClaim(fresh));
        Assert.True(rejections.LostClaim(again));
        Assert.Equal([7, 7], (await store.ReadRecordsAsync([taken.Key.Owner], CancellationToken.None)).Values.Single().Single().Payload);
        Assert.Equal([1], (await store.ReadRecordsAsync([fresh.Key.Owner], CancellationToken.None)).Values.Single().Single().Payload);
        Assert.Single(await store.ReadAsync(key, 0, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Claim_InABatchWithARefusedEntry_StillAnswersItsLoss()
    {
        var bad = Keys.NewStock();
        var taken = Record("taken");
        await CommitAsync(new LedgerBatch([], [taken]));

        var claim = taken with { IsClaim = true, Payload = [9] };
        var rejections = await CommitAsync(new LedgerBatch([Receipt(bad, 1, "broken\u0000reason")], [claim]));

        Assert.True(rejections.Rejects(bad));
        Assert.True(rejections.LostClaim(claim));
    }

    [Fact]
    public async Task NewestEntries_SeveralStoresAndSkus_AnswersEachStoresNewestEntryOfThatSkuOnly()
    {
        var first = Keys.NewStock("S001");
        var second = first with { StoreId = "S002" };
        var third = first with { StoreId = "S010" };
        var otherSku = Keys.NewStock("S001");
        await CommitAsync(new LedgerBatch([Receipt(first, 1, null), Receipt(first, 2, null), Receipt(first, 3, null), Receipt(second, 1, null), Receipt(otherSku, 1, null), Receipt(otherSku, 2, null)], []));
        await CommitAsync(new LedgerBatch([Receipt(third, 1, null), Receipt(third, 2, null), Receipt(second, 2, null)], []));

        var newest = await store.NewestEntriesAsync(first.TenantId, first.Sku, CancellationToken.None);

        Assert.Equal([(first, 3L), (second, 2L), (third, 2L)], newest.Select(entry => (entry.Key, entry.Sequence)).OrderBy(pair => pair.Key.StoreId, StringComparer.Ordinal));
        Assert.Equal([3, 2, 2], newest.OrderBy(entry => entry.Key.StoreId, StringComparer.Ordinal).Select(entry => entry.After.OnHand));
        Assert.Empty(await store.NewestEntriesAsync(first.TenantId, "SKU-never-stocked", CancellationToken.None));
    }

    private async Task<BatchRejections> CommitAsync(LedgerBatch batch)
    {
        await using var staged = await store.StageAsync(batch, CancellationToken.None);
        return await staged.CommitAsync(CancellationToken.None);
    }

    private static LedgerEntry Receipt(StockKey key, long sequence, string? reason) =>
        new(key, sequence, LedgerEntryKind.Receipt, 1, new CountSet((int)sequence - 1, 0, 0, 0), new CountSet((int)sequence, 0, 0, 0),
            "doc-" + sequence, reason, 0, 0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private static RecordWrite Record(string owner) =>
        new(new RecordKey(new RecordOwner("reservation", "tenant|" + owner + Guid.NewGuid().ToString("N")[..6]), ""), [7, 7], null, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
}
