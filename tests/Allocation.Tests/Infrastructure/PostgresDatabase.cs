using Allocation.Grains.Storage;
using Npgsql;

namespace Allocation.Tests.Infrastructure;

/// <summary>
/// A fresh, uniquely named database on the repository's PostgreSQL (scripts/postgres.sh), migrated unless asked not
/// to, and dropped on dispose. The server comes from ALLOCATION_POSTGRES (an admin connection string). With
/// <c>serviceRole</c>, the database belongs to a login role of its own with a password and no other power (not a
/// superuser, no CREATEDB or CREATEROLE), as scripts/postgres.sh makes allocation_service, and
/// <see cref="ConnectionString"/> connects as that role; the role is dropped with the database.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private const string DefaultAdminConnectionString = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
    private readonly string adminConnectionString;
    private readonly string name;
    private readonly string? role;

    private PostgresDatabase(string adminConnectionString, string name, string? role, string? password)
    {
        this.adminConnectionString = adminConnectionString;
        this.name = name;
        this.role = role;
        var connection = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = true };
        if (role is not null)
        {
            (connection.Username, connection.Password) = (role, password);
        }

        ConnectionString = connection.ConnectionString;
        Password = password;
    }

    public string ConnectionString { get; }

    /// <summary>The service role's password (null without a role of its own): tests check it never reaches a log.</summary>
    public string? Password { get; }

    public static async Task<PostgresDatabase> CreateAsync(bool migrate = true, bool serviceRole = false)
    {
        var admin = Environment.GetEnvironmentVariable("ALLOCATION_POSTGRES") ?? DefaultAdminConnectionString;
        var suffix = Guid.NewGuid().ToString("N")[..16];
        var database = serviceRole
            ? new PostgresDatabase(admin, "test_" + suffix, "test_service_" + suffix, Guid.NewGuid().ToString("N"))
            : new PostgresDatabase(admin, "test_" + suffix, null, null);
        try
        {
            if (database.role is { } owner)
            {
                await database.ExecuteAdminAsync($"CREATE ROLE {owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '{database.Password}'");
            }

            await database.ExecuteAdminAsync(database.role is null ? $"CREATE DATABASE {database.name}" : $"CREATE DATABASE {database.name} OWNER {database.role}");
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
        if (role is not null)
        {
            await ExecuteAdminAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
