using System.Text.Json;
using Allocation.Grains.Contracts;
using Allocation.Grains.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Allocation.Grains.Reservations;

internal sealed class PostgresReservationIntentStore(NpgsqlDataSource dataSource) : IReservationIntentStore
{
    public async Task RecordAsync(string tenantId, string reservationId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO reservation_intents (tenant_id, reservation_id, lines) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, reservation_id) DO UPDATE SET lines = EXCLUDED.lines")
            .WithValues(tenantId, reservationId, new NpgsqlParameter { Value = JsonSerializer.Serialize(lines), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ClearAsync(string tenantId, string reservationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM reservation_intents WHERE tenant_id = $1 AND reservation_id = $2")
            .WithValues(tenantId, reservationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ReservationIntent>> ListStaleAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT tenant_id, reservation_id, lines::text, created_at FROM reservation_intents WHERE created_at < $1 ORDER BY created_at LIMIT $2")
            .WithValues(createdBefore.UtcDateTime, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var intents = new List<ReservationIntent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var lines = JsonSerializer.Deserialize<List<ReservationLine>>(reader.GetString(2)) ?? [];
            intents.Add(new ReservationIntent(reader.GetString(0), reader.GetString(1), lines, reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return intents;
    }
}
