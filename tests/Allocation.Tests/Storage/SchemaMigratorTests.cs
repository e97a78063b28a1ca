using Allocation.Grains.Storage;
using Allocation.Tests.Infrastructure;

namespace Allocation.Tests.Storage;

public sealed class SchemaMigratorTests
{
    /// <summary>The keys Orleans 10.4's ADO.NET clustering and grain storage look their SQL up by.</summary>
    private static readonly string[] ProviderQueryKeys =
    [
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey",
    ];

    [Fact]
    public async Task ApplyAsync_EmptyDatabase_CreatesEveryTableAndProviderQuery()
    {
        await using var database = await TestDatabases.CreateAsync(migrate: false);

        var applied = await SchemaMigrator.ApplyAsync(database.ConnectionString, CancellationToken.None);

        Assert.Equal(SchemaMigrator.Scripts().Select(script => script.Name), applied);
        foreach (var key in ProviderQueryKeys)
        {
            Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM orleansquery WHERE querykey = '{key}'"));
        }

        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM stock_ledger"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM reservation_intents"));
    }

    [Fact]
    public async Task ApplyAsync_Twice_SecondRunChangesNothing()
    {
        await using var database = await TestDatabases.CreateAsync(migrate: false);
        await SchemaMigrator.ApplyAsync(database.ConnectionString, CancellationToken.None);
        var queries = await database.ScalarAsync<long>("SELECT count(*) FROM orleansquery");

        var second = await SchemaMigrator.ApplyAsync(database.ConnectionString, CancellationToken.None);

        Assert.Empty(second);
        Assert.Equal(queries, await database.ScalarAsync<long>("SELECT count(*) FROM orleansquery"));
    }

    [Fact]
    public async Task ApplyAsync_ConcurrentStarters_BothSucceed()
    {
        await using var database = await TestDatabases.CreateAsync(migrate: false);

        var runs = await Task.WhenAll(
            SchemaMigrator.ApplyAsync(database.ConnectionString, CancellationToken.None),
            SchemaMigrator.ApplyAsync(database.ConnectionString, CancellationToken.None));

        Assert.Equal(SchemaMigrator.Scripts().Count(), runs.Sum(run => run.Count));
    }
}
