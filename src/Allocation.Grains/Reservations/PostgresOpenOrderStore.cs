using Allocation.Grains.Storage;
using Npgsql;

namespace Allocation.Grains.Reservations;

internal sealed class PostgresOpenOrderStore(NpgsqlDataSource dataSource) : IOpenOrderStore
{
    public async Task AddAsync(string tenantId, string reservationId, DateTimeOffset confirmedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO open_orders (tenant_id, reservation_id, confirmed_at) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, reservation_id) DO NOTHING")
            .WithValues(tenantId, reservationId, confirmedAt.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RemoveAsync(string tenantId, string reservationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM open_orders WHERE tenant_id = $1 AND reservation_id = $2")
            .WithValues(tenantId, reservationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string tenantId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT reservation_id FROM open_orders WHERE tenant_id = $1 ORDER BY confirmed_at, reservation_id LIMIT $2")
            .WithValues(tenantId, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
