using Allocation.Grains.Storage;
using Allocation.TestKit;

namespace Allocation.Tests.Infrastructure;

/// <summary>The kit's scratch database for tests that read or write storage directly, with the schema applied first.</summary>
public static class TestDatabases
{
    public static async Task<ScratchDatabase> CreateAsync(bool migrate = true, bool serviceRole = false)
    {
        var database = await ScratchDatabase.CreateAsync("test", ownRole: serviceRole);
        if (migrate)
        {
            await SchemaMigrator.ApplyAsync(database.ConnectionString, CancellationToken.None);
        }

        return database;
    }
}
