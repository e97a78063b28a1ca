using System.Collections.Concurrent;

namespace Allocation.Grains.Sourcing;

internal sealed class InMemoryOpenOrderStore : IOpenOrderStore
{
    private readonly ConcurrentDictionary<(string TenantId, string ReservationId), DateTimeOffset> orders = new();

    public Task AddAsync(string tenantId, string reservationId, DateTimeOffset confirmedAt, CancellationToken cancellationToken)
    {
        orders[(tenantId, reservationId)] = confirmedAt;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string tenantId, string reservationId, CancellationToken cancellationToken)
    {
        orders.TryRemove((tenantId, reservationId), out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(string tenantId, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> open = orders.Where(pair => pair.Key.TenantId == tenantId)
            .OrderBy(pair => pair.Value).ThenBy(pair => pair.Key.ReservationId, StringComparer.Ordinal)
            .Take(limit).Select(pair => pair.Key.ReservationId).ToList();
        return Task.FromResult(open);
    }
}
