using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Allocation.Grains.Notifications;
using Allocation.Tests.Support;

namespace Allocation.Tests.Notifications;

/// <summary>Delivery reaches every tenant with a webhook a page at a time, and turns go round after the tenant taken last.</summary>
public sealed class WebhookTurnTests
{
    private const int PageRows = 2;

    [Fact]
    public async Task TenantsAsync_MoreTenantsThanOnePage_EveryTenantOnce()
    {
        var store = await StoreWithAsync(("a", "h1"), ("b", "h1"), ("c", "h1"), ("c", "h2"), ("d", "h1"), ("e", "h1"));
        var walk = new WebhookTenantWalk(store, PageRows);

        var tenants = await TakeAsync(walk, int.MaxValue);

        Assert.Equal(["a", "b", "c", "d", "e"], tenants.Order(StringComparer.Ordinal));
        Assert.Equal(5, tenants.Count);
    }

    [Fact]
    public async Task TenantsAsync_StoppedEarly_NextWalkStartsAfterTheLastTakenAndWrapsRound()
    {
        var store = await StoreWithAsync(("a", "h1"), ("b", "h1"), ("c", "h1"), ("d", "h1"), ("e", "h1"));
        var walk = new WebhookTenantWalk(store, PageRows);
        var first = await TakeAsync(walk, 3);

        var second = await TakeAsync(walk, int.MaxValue);

        Assert.Equal(3, first.Count);
        Assert.Equal(5, second.Count);
        Assert.Equal(first, second.Skip(2));
        Assert.Equal(["a", "b", "c", "d", "e"], first.Concat(second.Take(2)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TenantsAsync_NoTenants_IsEmpty()
    {
        var walk = new WebhookTenantWalk(new InMemoryLedgerStore(), PageRows);

        Assert.Empty(await TakeAsync(walk, int.MaxValue));
    }

    [Fact]
    public async Task TenantsAsync_InactiveWebhookRecord_NotATenant()
    {
        var store = await StoreWithAsync(("a", "h1"));
        await WriteAsync(store, "b", "h1", "deleted");

        Assert.Equal(["a"], await TakeAsync(new WebhookTenantWalk(store, PageRows), int.MaxValue));
    }

    private static async Task<List<string>> TakeAsync(WebhookTenantWalk walk, int count)
    {
        var taken = new List<string>();
        await foreach (var tenant in walk.TenantsAsync(InMemoryClusterFixture.Start, CancellationToken.None))
        {
            taken.Add(tenant);
            if (taken.Count == count)
            {
                break;
            }
        }

        return taken;
    }

    private static async Task<InMemoryLedgerStore> StoreWithAsync(params (string Tenant, string Webhook)[] webhooks)
    {
        var store = new InMemoryLedgerStore();
        foreach (var (tenant, webhook) in webhooks)
        {
            await WriteAsync(store, tenant, webhook, WebhookGrain.WebhookStatus);
        }

        return store;
    }

    private static async Task WriteAsync(InMemoryLedgerStore store, string tenant, string webhook, string status)
    {
        var write = new RecordWrite(new RecordKey(new RecordOwner(StorageNames.WebhookRecord, tenant), webhook), [1], status, InMemoryClusterFixture.Start.ToUnixTimeMilliseconds());
        await using var staged = await store.StageAsync(new LedgerBatch([], [write]), CancellationToken.None);
        Assert.True((await staged.CommitAsync(CancellationToken.None)).IsEmpty);
    }
}
