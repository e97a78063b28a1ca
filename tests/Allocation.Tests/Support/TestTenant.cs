using Allocation.Contracts.Catalogue;
using Allocation.Contracts.Stock;
using Allocation.Planning;
using Allocation.Planning.Network;

namespace Allocation.Tests.Support;

/// <summary>
/// A tenant of a test's own with a small network of stores in one city on UTC: pick capacity is per store and shared by
/// every SKU, so tests that count picks or move orders must not share stores with other tests.
/// </summary>
public static class TestTenant
{
    public const string City = "Testville";

    public static IReadOnlyList<OpeningPeriod> OpenAllDay { get; } =
        [.. Enum.GetValues<DayOfWeek>().Select(day => new OpeningPeriod(day, TimeOnly.MinValue, TimeOnly.MinValue))];

    /// <summary>A click-and-collect store; <paramref name="position"/> places stores a street or two apart.</summary>
    public static Location Store(string id, int position, IReadOnlyList<OpeningPeriod> hours, int picksPerHour) =>
        new(id, City, 31.20 + (position * 0.01), 121.50 + (position * 0.01), LocationKind.Store, true, hours, picksPerHour, "UTC");

    /// <summary>Registers the stores in the tenant's catalogue and imports them as its network.</summary>
    public static async Task ImportAsync(IClusterClient client, string tenantId, params Location[] stores)
    {
        await client.GetGrain<ICatalogueGrain>(tenantId).AddStores([.. stores.Select(store => new StoreEntry(store.Id, store.Id, City, true))]);
        await client.GetGrain<INetworkGrain>(tenantId).Replace(NetworkJson.Write(new StoreNetwork(stores, [])));
    }

    /// <summary>Moves the fake clock to the next whole hour, where every hour of the window is worth its full capacity.</summary>
    public static DateTimeOffset AdvanceToNextWholeHour(Microsoft.Extensions.Time.Testing.FakeTimeProvider time)
    {
        var now = time.GetUtcNow();
        var next = PickCapacity.HourStartOf(now).AddHours(1);
        time.SetUtcNow(next);
        return next;
    }

    public static async Task ReceiveAsync(IClusterClient client, string tenantId, string sku, string store, int quantity) =>
        await client.GetGrain<IStockGrain>(new StockKey(tenantId, sku, store).ToGrainKey()).Move(new MovementRequest(MovementKind.Receipt, quantity, Keys.NewId("grn")));
}
