using Allocation.Grains.Storage;
using Npgsql;

namespace Allocation.Tests.Infrastructure;

/// <summary>
/// A fresh, uniquely named database on the repository's PostgreSQL (scripts/postgres.sh), migrated unless asked not
/// to, and dropped on dispose. The server comes from ALLOCATION_POSTGRES (an admin connection string).
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private const string DefaultAdminConnectionString = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
    private readonly string adminConnectionString;
    private readonly string name;

    private PostgresDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        this.name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync(bool migrate = true)
    {
        var admin = Environment.GetEnvironmentVariable("ALLOCATION_POSTGRES") ?? DefaultAdminConnectionString;
        var database = new PostgresDatabase(admin, "test_" + Guid.NewGuid().ToString("N")[..16]);
        try
        {
            await database.ExecuteAdminAsync($"CREATE DATABASE {database.name}");
        }
        catch (NpgsqlException exception)
        {
            throw new InvalidOperationException($"PostgreSQL for tests is not reachable ({admin}); run scripts/postgres.sh ensure. {exception.Message}", exception);
        }

        if (migrate)
        {
            await SchemaMigrator.ApplyAsync(database.ConnectionString, CancellationToken.None);
        }

        return database;
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
