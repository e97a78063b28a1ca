using Allocation.Contracts.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>
/// What the store refused of a batch whose other writes committed: every entry of these SKU-stores and these records
/// (bad data, or an entry that does not continue its SKU-store's ledger). Empty for almost every batch, so one refused
/// write fails only its own caller.
/// </summary>
internal sealed class BatchRejections(IReadOnlySet<StockKey> stock, IReadOnlySet<RecordKey> records)
{
    public static readonly BatchRejections None = new(new HashSet<StockKey>(), new HashSet<RecordKey>());

    public bool IsEmpty => stock.Count == 0 && records.Count == 0;

    public int Count => stock.Count + records.Count;

    public bool Rejects(StockKey key) => stock.Contains(key);

    public bool Rejects(RecordKey key) => records.Contains(key);
}
