using Allocation.Contracts.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>
/// What the store refused of a batch whose other writes committed: every entry of these SKU-stores and these records
/// (bad data, or an entry that does not continue its SKU-store's ledger). Empty for almost every batch, so one refused
/// write fails only its own caller. Also the claims the batch lost (a record had the key already): not refusals, the
/// rest of the claimant's writes committed, and the claimant decides what a lost claim means.
/// </summary>
internal sealed class BatchRejections(IReadOnlySet<StockKey> stock, IReadOnlySet<RecordKey> records, IReadOnlySet<byte[]>? lostClaims = null)
{
    private static readonly IReadOnlySet<byte[]> NoClaims = NewClaimSet();

    public static readonly BatchRejections None = new(new HashSet<StockKey>(), new HashSet<RecordKey>());

    private readonly IReadOnlySet<byte[]> lost = lostClaims ?? NoClaims;

    public bool IsEmpty => stock.Count == 0 && records.Count == 0;

    public int Count => stock.Count + records.Count;

    public bool Rejects(StockKey key) => stock.Contains(key);

    public bool Rejects(RecordKey key) => records.Contains(key);

    /// <summary>
    /// True when this claim was not stored: a record had its key already, or an earlier claim of the same batch took
    /// it. Known per write (by its payload's identity), not per key: two claimants of one key in a batch get different answers.
    /// </summary>
    public bool LostClaim(in RecordWrite claim) => claim.Payload is { } payload && lost.Contains(payload);

    /// <summary>These rejections with the given lost claims (their payloads) added.</summary>
    public BatchRejections WithLostClaims(IReadOnlySet<byte[]> claims)
    {
        if (claims.Count == 0)
        {
            return this;
        }

        var merged = NewClaimSet();
        merged.UnionWith(lost);
        merged.UnionWith(claims);
        return new BatchRejections(stock, records, merged);
    }

    /// <summary>These rejections with more SKU-stores refused (lost claims kept).</summary>
    public BatchRejections WithStock(IReadOnlySet<StockKey> refused)
    {
        if (refused.Count == 0)
        {
            return this;
        }

        var merged = new HashSet<StockKey>(stock);
        merged.UnionWith(refused);
        return new BatchRejections(merged, records, lost);
    }

    /// <summary>A set of claims' payloads compared by identity: each claim serialises its own payload.</summary>
    public static HashSet<byte[]> NewClaimSet() => new(ReferenceEqualityComparer.Instance);
}
