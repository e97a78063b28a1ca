using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Allocation.Grains.Storage;

/// <summary>
/// Applies the project's schema (the embedded Storage/Sql/*.sql scripts, in name order) in one transaction,
/// serialized across concurrent starters by an advisory lock. Each script is idempotent; a script already applied
/// with the same checksum is skipped, a changed one is applied again.
/// </summary>
public static class SchemaMigrator
{
    private const long AdvisoryLockKey = 0x416C6C6F63; // "Alloc"
    private const string ResourcePrefix = "Allocation.Grains.Storage.Sql.";

    /// <summary>Returns the names of the scripts it applied (empty when the schema was already current).</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                script      text        NOT NULL PRIMARY KEY,
                checksum    text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now())
            """, cancellationToken);
        var applied = new List<string>();
        foreach (var (name, text) in Scripts())
        {
            var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            if (await AppliedChecksumAsync(connection, name, cancellationToken) == checksum)
            {
                continue;
            }

            await ExecuteAsync(connection, text, cancellationToken);
            await RecordAsync(connection, name, checksum, cancellationToken);
            applied.Add(name);
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    internal static IEnumerable<(string Name, string Text)> Scripts()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            yield return (resource[ResourcePrefix.Length..], reader.ReadToEnd());
        }
    }

    private static async Task<string?> AppliedChecksumAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT checksum FROM schema_migrations WHERE script = $1", connection)
            .WithValues(name);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task RecordAsync(NpgsqlConnection connection, string name, string checksum, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO schema_migrations (script, checksum) VALUES ($1, $2) ON CONFLICT (script) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()",
            connection)
            .WithValues(name, checksum);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
