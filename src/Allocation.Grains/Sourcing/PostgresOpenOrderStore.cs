using Allocation.Grains.Storage;
using Npgsql;

namespace Allocation.Grains.Sourcing;

internal sealed class PostgresOpenOrderStore(NpgsqlDataSource dataSource) : IOpenOrderStore
{
    public Task AddAsync(string tenantId, string reservationId, DateTimeOffset confirmedAt, CancellationToken cancellationToken) =>
        dataSource.ExecuteAsync(
            "INSERT INTO open_orders (tenant_id, reservation_id, confirmed_at) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, reservation_id) DO NOTHING",
            cancellationToken, tenantId, reservationId, confirmedAt.UtcDateTime);

    public Task RemoveAsync(string tenantId, string reservationId, CancellationToken cancellationToken) =>
        dataSource.ExecuteAsync("DELETE FROM open_orders WHERE tenant_id = $1 AND reservation_id = $2", cancellationToken, tenantId, reservationId);

    public async Task<IReadOnlyList<string>> ListAsync(string tenantId, int limit, CancellationToken cancellationToken) =>
        await dataSource.QueryAsync(
            "SELECT reservation_id FROM open_orders WHERE tenant_id = $1 ORDER BY confirmed_at, reservation_id LIMIT $2",
            reader => reader.GetString(0), cancellationToken, tenantId, limit);
}
