using Allocation.Tests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Allocation.Tests.Storage;

/// <summary>The stored grain-storage write query, called with the parameter names and types the ADO.NET provider binds.</summary>
public sealed class GrainStorageQueryTests : IAsyncLifetime
{
    private ScratchDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabases.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Write_NewGrainWithoutVersion_InsertsVersionOne() =>
        Assert.Equal(1, await WriteAsync(version: null, payload: [1]));

    [Fact]
    public async Task Write_CurrentVersion_ReturnsTheNextOne()
    {
        await WriteAsync(version: null, payload: [1]);

        Assert.Equal(2, await WriteAsync(version: 1, payload: [2]));
    }

    [Fact]
    public async Task Write_StaleVersion_WritesNothing()
    {
        await WriteAsync(version: null, payload: [1]);
        await WriteAsync(version: 1, payload: [2]);

        Assert.Null(await WriteAsync(version: 1, payload: [3]));
        Assert.Equal(new byte[] { 2 }, await database.ScalarAsync<byte[]>("SELECT payload FROM orleans_grain_state"));
    }

    [Fact]
    public async Task Write_VersionAtInt32Maximum_WrapsToOne()
    {
        await WriteAsync(version: null, payload: [1]);
        await database.ScalarAsync<int>("UPDATE orleans_grain_state SET version = 2147483647 RETURNING version");

        Assert.Equal(1, await WriteAsync(version: int.MaxValue, payload: [2]));
        Assert.Equal(2, await WriteAsync(version: 1, payload: [3]));
    }

    private async Task<int?> WriteAsync(int? version, byte[] payload)
    {
        var text = await database.ScalarAsync<string>("SELECT querytext FROM orleansquery WHERE querykey = 'WriteToStorageKey'");
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(text, connection);
        command.Parameters.AddWithValue("ServiceId", "service-a");
        command.Parameters.AddWithValue("GrainTypeString", "stock");
        command.Parameters.AddWithValue("GrainTypeHash", 17);
        command.Parameters.AddWithValue("GrainIdHash", 42);
        command.Parameters.AddWithValue("GrainIdN0", 0L);
        command.Parameters.AddWithValue("GrainIdN1", 0L);
        command.Parameters.AddWithValue("GrainIdExtensionString", NpgsqlDbType.Varchar, "default|SKU-1|S001");
        command.Parameters.AddWithValue("GrainStateVersion", NpgsqlDbType.Integer, version is { } known ? known : DBNull.Value);
        command.Parameters.AddWithValue("PayloadBinary", NpgsqlDbType.Bytea, payload);
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? null : (int)result;
    }
}
