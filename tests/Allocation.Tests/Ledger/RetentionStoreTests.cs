using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Allocation.Tests.Infrastructure;
using Allocation.Tests.Support;
using Npgsql;

namespace Allocation.Tests.Ledger;

/// <summary>Issue 21: what the retention sweep and the paged sweeps ask of PostgreSQL, on a scratch database.</summary>
public sealed class RetentionStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
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
    public async Task PruneRecords_EndedOrdersPastWindow_DeletedWithTheirReservationsOnly()
    {
        var old = Now.AddDays(-100);
        var endedOld = await WriteOrderAsync("Collected", old);
        var openOld = await WriteOrderAsync("Ready", old);
        var endedRecent = await WriteOrderAsync("Cancelled", Now.AddDays(-1));

        var deleted = await WalkAsync(new RecordPruning(StorageNames.OrderRecord, ["Collected", "Cancelled", "Expired"], Now.AddDays(-90), StorageNames.ReservationRecord, "", "", 2));

        Assert.Equal(1, deleted);
        Assert.False(await ExistsAsync(StorageNames.OrderRecord, endedOld));
        Assert.False(await ExistsAsync(StorageNames.ReservationRecord, endedOld));
        Assert.True(await ExistsAsync(StorageNames.OrderRecord, openOld));
        Assert.True(await ExistsAsync(StorageNames.ReservationRecord, openOld));
        Assert.True(await ExistsAsync(StorageNames.OrderRecord, endedRecent));
    }

    [Fact]
    public async Task PruneRecords_PagesSmallerThanTheDueRows_WalkReachesEveryOne()
    {
        var owners = new List<string>();
        for (var index = 0; index < 7; index++)
        {
            owners.Add(await WriteAsync(StorageNames.PickBookingRecord, "tenant|S" + Guid.NewGuid().ToString("N")[..8], null, Now.AddDays(-20)));
        }

        var fresh = await WriteAsync(StorageNames.PickBookingRecord, "tenant|S" + Guid.NewGuid().ToString("N")[..8], null, Now);

        var deleted = await WalkAsync(new RecordPruning(StorageNames.PickBookingRecord, null, Now.AddHours(-240), null, "", "", 3));

        Assert.Equal(7, deleted);
        foreach (var owner in owners)
        {
            Assert.False(await ExistsAsync(StorageNames.PickBookingRecord, owner));
        }

        Assert.True(await ExistsAsync(StorageNames.PickBookingRecord, fresh));
    }

    [Fact]
    public async Task PageRecordOwners_CursorAfterEachPage_ListsEveryOwnerOnce()
    {
        var written = new List<string>();
        for (var index = 0; index < 5; index++)
        {
            written.Add(await WriteAsync(StorageNames.OrderRecord, "tenant|o" + Guid.NewGuid().ToString("N")[..8], "pending", Now.AddMinutes(-10 + index)));
        }

        var seen = new List<string>();
        RecordCursor? after = null;
        IReadOnlyList<ListedOwner> page;
        do
        {
            page = await store.PageRecordOwnersAsync(StorageNames.OrderRecord, "pending", Now, after, 2, CancellationToken.None);
            seen.AddRange(page.Select(listed => listed.Owner.OwnerKey));
            after = page.Count > 0 ? page[^1].Position : after;
        }
        while (page.Count == 2);

        Assert.Equal(written, seen);
    }

    [Fact]
    public async Task PruneEvents_OldAndNewEvents_DeletesOnlyTheOldAndNewestSequenceStays()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        await WriteEventAsync(tenant, "e1", Now.AddDays(-40));
        await WriteEventAsync(tenant, "e2", Now.AddDays(-35));
        await WriteEventAsync(tenant, "e3", Now.AddDays(-1));
        var newest = await store.NewestEventSequenceAsync(tenant, CancellationToken.None);

        var deleted = await store.PruneEventsAsync(Now.AddDays(-30), 1_000, CancellationToken.None);

        Assert.Equal(2, deleted);
        var left = await store.ReadEventsAsync(tenant, 0, 10, CancellationToken.None);
        Assert.Equal(["e3"], left.Select(stored => stored.Event.EventId));
        Assert.Equal(newest, left.Single().Sequence);
        Assert.Equal(0, await store.NewestEventSequenceAsync("nobody-" + tenant, CancellationToken.None));
    }

    [Fact]
    public async Task FindDocument_MovementAndHoldSharingAReference_FindsOnlyTheMovement()
    {
        var key = Keys.NewStock();
        var receipt = new LedgerEntry(key, 1, LedgerEntryKind.Receipt, 4, default, new CountSet(4, 0, 0, 0), "grn-1", null, 0, 0, Now.ToUnixTimeMilliseconds());
        var hold = new LedgerEntry(key, 2, LedgerEntryKind.Hold, 1, receipt.After, new CountSet(4, 1, 0, 0), "res-1", null, 60, Now.AddMinutes(1).ToUnixTimeMilliseconds(), Now.ToUnixTimeMilliseconds());
        await CommitAsync(new LedgerBatch([receipt, hold], []));

        Assert.Equal(4, (await store.FindDocumentAsync(key, "grn-1", CancellationToken.None))?.Quantity);
        Assert.Null(await store.FindDocumentAsync(key, "res-1", CancellationToken.None));
        Assert.Null(await store.FindDocumentAsync(key, "grn-2", CancellationToken.None));
    }

    private async Task<int> WalkAsync(RecordPruning pruning)
    {
        var deleted = 0;
        (string OwnerKey, string ItemKey)? next = ("", "");
        while (next is { } after)
        {
            var page = await store.PruneRecordsAsync(pruning with { AfterOwnerKey = after.OwnerKey, AfterItemKey = after.ItemKey }, CancellationToken.None);
            deleted += page.Deleted;
            next = page.Next;
        }

        return deleted;
    }

    private async Task<string> WriteOrderAsync(string state, DateTimeOffset at)
    {
        var owner = "tenant|o" + Guid.NewGuid().ToString("N")[..8];
        await WriteAsync(StorageNames.ReservationRecord, owner, "Confirmed", at);
        return await WriteAsync(StorageNames.OrderRecord, owner, state, at);
    }

    private async Task<string> WriteAsync(string kind, string owner, string? status, DateTimeOffset at)
    {
        await CommitAsync(new LedgerBatch([], [new RecordWrite(new RecordKey(new RecordOwner(kind, owner), ""), [1], status, at.ToUnixTimeMilliseconds())]));
        return owner;
    }

    private async Task WriteEventAsync(string tenant, string eventId, DateTimeOffset at)
    {
        var events = new[] { new OutboxEvent(tenant, eventId, "order.ready", "o1", at.ToUnixTimeMilliseconds(), "{}") };
        await CommitAsync(new LedgerBatch([], [new RecordWrite(new RecordKey(new RecordOwner(StorageNames.OrderRecord, tenant + "|o1"), ""), [1], "Ready", at.ToUnixTimeMilliseconds(), events)]));
    }

    private async Task<bool> ExistsAsync(string kind, string owner) =>
        (await store.ReadRecordsAsync([new RecordOwner(kind, owner)], CancellationToken.None)).Count > 0;

    private async Task<BatchRejections> CommitAsync(LedgerBatch batch)
    {
        await using var staged = await store.StageAsync(batch, CancellationToken.None);
        return await staged.CommitAsync(CancellationToken.None);
    }
}
