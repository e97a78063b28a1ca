using Allocation.Contracts.Stock;
using Allocation.Grains.Hosting;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Allocation.Tests.Hosting;

public sealed class StorageHealthTests
{
    [Fact]
    public async Task Problem_PostgresNotListening_SaysSoWithoutData()
    {
        await using var writer = NewWriter(new InMemoryLedgerStore());
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2");

        var problem = await new StorageHealth(writer, unreachable).ProblemAsync(CancellationToken.None);

        Assert.Equal("PostgreSQL does not answer", problem);
    }

    [Fact]
    public async Task Problem_LastBatchFailed_NamesTheLedgerUntilOneCommits()
    {
        var store = new FailingOnceStore();
        await using var writer = NewWriter(store);
        var health = new StorageHealth(writer, null);

        await Assert.ThrowsAnyAsync<Exception>(() => writer.Append(Entry(1), writer.Epoch));
        var failing = await health.ProblemAsync(CancellationToken.None);
        await writer.Append(Entry(1), writer.Epoch);

        Assert.Contains("ledger", failing, StringComparison.Ordinal);
        Assert.Null(await health.ProblemAsync(CancellationToken.None));
    }

    private static LedgerWriter NewWriter(ILedgerStore store) =>
        new(store, Options.Create(new LedgerWriterOptions()), NullLogger<LedgerWriter>.Instance);

    private static readonly StockKey Key = Keys.NewStock();

    private static LedgerEntry Entry(long sequence) =>
        new(Key, sequence, LedgerEntryKind.Receipt, 1, default, new CountSet(1, 0, 0, 0), "doc-" + sequence, null, 0, 0, 0);

    /// <summary>The first batch fails as a lost connection would; later ones go to memory.</summary>
    private sealed class FailingOnceStore : ILedgerStore
    {
        private readonly InMemoryLedgerStore inner = new();
        private int batches;

        public Task<IStagedLedgerBatch> StageAsync(LedgerBatch batch, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref batches) == 1
                ? Task.FromException<IStagedLedgerBatch>(new IOException("injected: connection lost"))
                : inner.StageAsync(batch, cancellationToken);

        public Task<IReadOnlyList<LedgerEntry>> NewestEntriesAsync(string tenantId, string sku, CancellationToken cancellationToken) =>
            inner.NewestEntriesAsync(tenantId, sku, cancellationToken);

        public Task<IReadOnlyList<ListedOwner>> PageRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, RecordCursor? after, int limit, CancellationToken cancellationToken) =>
            inner.PageRecordOwnersAsync(kind, status, updatedBefore, after, limit, cancellationToken);

        public Task<PrunedPage> PruneRecordsAsync(RecordPruning pruning, CancellationToken cancellationToken) =>
            inner.PruneRecordsAsync(pruning, cancellationToken);

        public Task<int> PruneEventsAsync(DateTimeOffset occurredBefore, int limit, CancellationToken cancellationToken) =>
            inner.PruneEventsAsync(occurredBefore, limit, cancellationToken);

        public Task<long> NewestEventSequenceAsync(string tenantId, CancellationToken cancellationToken) =>
            inner.NewestEventSequenceAsync(tenantId, cancellationToken);

        public Task<LedgerEntry?> FindDocumentAsync(StockKey key, string documentId, CancellationToken cancellationToken) =>
            inner.FindDocumentAsync(key, documentId, cancellationToken);

        public Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken) =>
            inner.ReadAsync(key, afterSequence, limit, cancellationToken);

        public Task<IReadOnlyDictionary<RecordOwner, List<StoredRecord>>> ReadRecordsAsync(IReadOnlyCollection<RecordOwner> owners, CancellationToken cancellationToken) =>
            inner.ReadRecordsAsync(owners, cancellationToken);

        public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string tenantId, long afterSequence, int limit, CancellationToken cancellationToken) =>
            inner.ReadEventsAsync(tenantId, afterSequence, limit, cancellationToken);

        public Task<IReadOnlyList<RecordOwner>> ListRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken) =>
            inner.ListRecordOwnersAsync(kind, status, updatedBefore, limit, cancellationToken);
    }
}
