using Allocation.Grains.Ledger;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// Paid, solver-allocated orders per tenant: where batch re-optimisation finds its candidates. Advisory: a stale entry
/// is skipped (and dropped) when its order answers that it can no longer move. An entry is written in the confirm's
/// own batch, with the order's opening records, so it costs no write of its own.
/// </summary>
internal interface IOpenOrderStore
{
    /// <summary>The entry of an order paid at <paramref name="paidAt"/>, to be written in the batch that opens the order.</summary>
    RecordWrite Entry(string tenantId, string orderId, DateTimeOffset paidAt);

    Task RemoveAsync(string tenantId, string orderId, CancellationToken cancellationToken);

    /// <summary>The tenant's open orders, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListAsync(string tenantId, int limit, CancellationToken cancellationToken);
}
