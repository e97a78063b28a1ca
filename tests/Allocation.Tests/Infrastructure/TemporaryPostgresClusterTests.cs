using Npgsql;

namespace Allocation.Tests.Infrastructure;

/// <summary>
/// The tests' own PostgreSQL servers authenticate as the repository's cluster does (scripts/postgres.sh): the admin
/// over the socket by peer authentication, never over TCP; every other role only with its password. Nothing trusted.
/// </summary>
public sealed class TemporaryPostgresClusterTests
{
    /// <summary>SQLSTATE invalid_authorization_specification (pg_hba.conf reject) and invalid_password.</summary>
    private static readonly string[] RefusedStates = ["28000", "28P01"];

    [Fact]
    public async Task Connect_AsAdminOrServiceWithoutItsPassword_RefusedOverTcp()
    {
        await using var cluster = await TemporaryPostgresCluster.StartAsync(maxConnections: 20);
        var service = new NpgsqlConnectionStringBuilder(await cluster.CreateServiceDatabaseAsync("auth_check", "auth_service")) { Pooling = false };

        Assert.Equal(1, await ScalarAsync(cluster.AdminConnectionString()));
        Assert.Equal(1, await ScalarAsync(service.ConnectionString));
        foreach (var refused in new[]
        {
            new NpgsqlConnectionStringBuilder(service.ConnectionString) { Username = "postgres", Password = null },
            new NpgsqlConnectionStringBuilder(service.ConnectionString) { Password = null },
            new NpgsqlConnectionStringBuilder(service.ConnectionString) { Password = "not-the-password" },
        })
        {
            // Refused by the server, or (no password given when the server asks for one) by the client before sending.
            var refusal = await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(refused.ConnectionString));
            if (refusal is PostgresException postgres)
            {
                Assert.Contains(postgres.SqlState, RefusedStates);
            }
        }
    }

    private static async Task<int> ScalarAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
