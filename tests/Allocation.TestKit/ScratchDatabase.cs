using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;

namespace Allocation.TestKit;

/// <summary>
/// A fresh, uniquely named database that lives for one test, run or benchmark, dropped (with its role) on dispose even
/// if sessions are still attached. By default it belongs to a login role of its own with a random password and no other
/// power (not a superuser, no CREATEDB or CREATEROLE), as scripts/postgres.sh makes allocation_service, and
/// <see cref="ConnectionString"/> connects as that role, over TCP with its password: a host started on it runs as a
/// deployment does.
/// </summary>
public sealed partial class ScratchDatabase : IAsyncDisposable
{
    /// <summary>PostgreSQL truncates identifiers beyond 63 bytes; the purpose leaves room for the suffixes.</summary>
    private const int PurposeLengthMax = 30;

    private readonly PostgresServer server;
    private bool dropped;

    private ScratchDatabase(PostgresServer server, string name, string? role, string? password)
    {
        this.server = server;
        Name = name;
        Role = role;
        Password = password;
        var connection = new NpgsqlConnectionStringBuilder(
            role is null ? server.AdminConnectionString : server.RoleConnectionString(name, role, password!)) { Database = name, Pooling = true };
        ConnectionString = connection.ConnectionString;
        AdminConnectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The database's own login role; null when it was made without one (the admin owns it).</summary>
    public string? Role { get; }

    /// <summary>The role's password: tests check it never reaches a log.</summary>
    public string? Password { get; }

    /// <summary>Connects as the database's own role (as the admin without one).</summary>
    public string ConnectionString { get; }

    /// <summary>Connects to this database as the server's admin.</summary>
    public string AdminConnectionString { get; }

    /// <summary>
    /// Creates the database on <paramref name="server"/> (found as <see cref="PostgresServer.FindAsync"/> says when
    /// null), named after <paramref name="purpose"/> (lower-case letters, digits, underscores).
    /// </summary>
    public static async Task<ScratchDatabase> CreateAsync(
        string purpose, PostgresServer? server = null, bool ownRole = true, CancellationToken cancellationToken = default)
    {
        if (purpose.Length is 0 or > PurposeLengthMax || !PurposeText().IsMatch(purpose))
        {
            throw new ArgumentException($"1 to {PurposeLengthMax} of [a-z0-9_], starting with a letter", nameof(purpose));
        }

        server ??= await PostgresServer.FindAsync(cancellationToken: cancellationToken);
        var name = $"{purpose}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        var database = ownRole
            ? new ScratchDatabase(server, name, name + "_role", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)))
            : new ScratchDatabase(server, name, null, null);
        if (database.Role is { } role)
        {
            await server.ExecuteAsync($"CREATE ROLE \"{role}\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '{database.Password}'", cancellationToken);
        }

        await server.ExecuteAsync(database.Role is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" OWNER \"{database.Role}\"", cancellationToken);
        return database;
    }

    /// <summary>One value read as the database's own role.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    public async ValueTask DisposeAsync()
    {
        if (dropped)
        {
            return;
        }

        dropped = true;
        NpgsqlConnection.ClearAllPools();
        await server.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        if (Role is not null)
        {
            await server.ExecuteAsync($"DROP ROLE IF EXISTS \"{Role}\"");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex PurposeText();
}
