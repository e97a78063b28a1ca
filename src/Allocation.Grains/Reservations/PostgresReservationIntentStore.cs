using Allocation.Contracts.Reservations;
using Allocation.Grains.Storage;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Allocation.Grains.Reservations;

internal sealed class PostgresReservationIntentStore(NpgsqlDataSource dataSource) : IReservationIntentStore
{
    public async Task RecordAsync(string tenantId, string reservationId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken)
    {
        var linesJson = new NpgsqlParameter { Value = JsonSerializer.Serialize(lines), NpgsqlDbType = NpgsqlDbType.Jsonb };
        await dataSource.ExecuteAsync(
            "INSERT INTO reservation_intents (tenant_id, reservation_id, lines) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, reservation_id) DO UPDATE SET lines = EXCLUDED.lines",
            cancellationToken, tenantId, reservationId, linesJson);
    }

    public async Task ClearAsync(string tenantId, string reservationId, CancellationToken cancellationToken)
    {
        await dataSource.ExecuteAsync("DELETE FROM reservation_intents WHERE tenant_id = $1 AND reservation_id = $2", cancellationToken, tenantId, reservationId);
    }

    public async Task<IReadOnlyList<ReservationIntent>> ListStaleAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken) =>
        await dataSource.QueryAsync(
            "SELECT tenant_id, reservation_id, lines::text, created_at FROM reservation_intents WHERE created_at < $1 ORDER BY created_at LIMIT $2",
            ReadIntent, cancellationToken, createdBefore.UtcDateTime, limit);

    private static ReservationIntent ReadIntent(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        JsonSerializer.Deserialize<List<ReservationLine>>(reader.GetString(2)) ?? [],
        reader.GetFieldValue<DateTimeOffset>(3));
}
