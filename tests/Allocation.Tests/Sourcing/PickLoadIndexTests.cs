using Allocation.Contracts;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Sourcing;
using Allocation.Tests.Support;

namespace Allocation.Tests.Sourcing;

/// <summary>
/// The tenant's pick-load index after a restart (or any new activation) answers at once and learns every store's booked
/// picks from the stores' schedules, without a store having to change first.
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class PickLoadIndexTests(InMemoryClusterFixture fixture)
{
    private const string Pickup = "P1";
    private const string Remote = "Q1";
    private readonly string tenantId = Keys.NewId("T");

    [Fact]
    public async Task GetChangesSince_IndexAndScheduleReactivated_LearnsTheBookedLoad()
    {
        await TestTenant.ImportAsync(fixture.Client, tenantId,
            TestTenant.Store(Pickup, 0, TestTenant.OpenAllDay, 100), TestTenant.Store(Remote, 1, TestTenant.OpenAllDay, 100));
        var schedule = fixture.Client.GetGrain<IPickScheduleGrain>(new StoreKey(tenantId, Remote).ToGrainKey());
        var now = fixture.Time.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(2);
        Assert.Equal(PickBookingOutcome.Booked, (await schedule.Book(new PickBookingRequest(Keys.NewId("R"), hour, 3, now.AddHours(1)))).Outcome);
        var index = fixture.Client.GetGrain<IPickLoadGrain>(tenantId);
        await fixture.Cluster.DeactivateAsync(index);
        await fixture.Cluster.DeactivateAsync(schedule);

        var learned = await EventuallyLearnedAsync(index, Remote);

        Assert.Equal([hour], learned.Select(load => load.HourStart));
    }

    /// <summary>Asks the index until it lists the store (it answers at once, and learns as the schedules answer it).</summary>
    private static async Task<IReadOnlyList<HourLoad>> EventuallyLearnedAsync(IPickLoadGrain index, string storeId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var changes = await index.GetChangesSince(Guid.Empty, 0);
            if (changes.ChangedStoreIds.Contains(storeId))
            {
                return [.. changes.Loads.Where(load => load.StoreId == storeId)];
            }

            Assert.True(DateTime.UtcNow < deadline, $"the index never learned the load of {storeId}");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }
}
