namespace Allocation.Grains.Sourcing;

/// <summary>
/// Paid, solver-allocated reservations per tenant: where batch re-optimisation finds its orders. Advisory: a stale
/// entry is skipped by its grain, so entries are added after the confirm is stored and removed after the release.
/// </summary>
internal interface IOpenOrderStore
{
    Task AddAsync(string tenantId, string reservationId, DateTimeOffset confirmedAt, CancellationToken cancellationToken);

    Task RemoveAsync(string tenantId, string reservationId, CancellationToken cancellationToken);

    /// <summary>The tenant's open orders, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListAsync(string tenantId, int limit, CancellationToken cancellationToken);
}
