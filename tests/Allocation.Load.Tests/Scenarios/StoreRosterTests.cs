using Allocation.Load.Scenarios;

namespace Allocation.Load.Tests.Scenarios;

public sealed class StoreRosterTests
{
    [Fact]
    public void OrderConfirmed_StoresOfSeveralOrders_EachStoreJoinsOnceInOrderOfItsFirstOrder()
    {
        var roster = new StoreRoster();

        roster.OrderConfirmed("P1", ["S1", "S2"]);
        roster.OrderConfirmed("S2", ["P1", "S3"]);
        roster.OrderConfirmed(null, ["S3", "S4"]);

        Assert.Equal(5, roster.Count);
        Assert.Equal(["P1", "S1", "S2", "S3", "S4"], TakeAll(roster));
    }

    [Fact]
    public void TryTake_StoreBeingWorked_IsNotHandedToAnotherUntilReturned()
    {
        var roster = new StoreRoster();
        roster.OrderConfirmed("P1", []);

        var first = roster.TryTake();
        var second = roster.TryTake();
        roster.Return(first!);
        var third = roster.TryTake();

        Assert.Equal("P1", first?.StoreId);
        Assert.Null(second);
        Assert.Same(first, third);
    }

    [Fact]
    public void Nudge_StoreWithArrivals_IsTakenBeforeTheRestOfTheRound()
    {
        var roster = new StoreRoster();
        roster.OrderConfirmed("S1", ["S2", "S3", "S4"]);
        var first = roster.TryTake();

        roster.Nudge("S4");
        var next = roster.TryTake();

        Assert.Equal("S1", first?.StoreId);
        Assert.Equal("S4", next?.StoreId);
        Assert.True(next!.HasCustomers);
    }

    [Fact]
    public void Return_DeskWithReadyOrders_IsQueuedUrgentOnceAndNeverHandedOutTwice()
    {
        var roster = new StoreRoster();
        roster.OrderConfirmed("S1", ["S2"]);
        var busy = roster.TryTake()!;
        busy.ReadySince("o1", TimeSpan.Zero);
        roster.Return(busy);

        var taken = TakeAll(roster);

        // S2 once, S1 once: its urgent and its round-robin entries hand it out a single time.
        Assert.Equal(["S1", "S2"], taken.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StoreDesk_KeepOnly_ForgetsOrdersNoLongerReady()
    {
        var desk = new StoreDesk("S1");
        desk.ReadySince("o1", TimeSpan.Zero);
        desk.ReadySince("o2", TimeSpan.Zero);

        desk.KeepOnly(["o2"]);

        Assert.True(desk.HasCustomers);
        desk.KeepOnly([]);
        Assert.False(desk.HasCustomers);
    }

    [Fact]
    public void StoreDesk_RequestIds_AreUniquePerStoreAndStep()
    {
        var desk = new StoreDesk("S1");

        var ids = Enumerable.Range(0, 20).Select(index => desk.NextRequestId("run", index % 2 == 0 ? "p" : "w")).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.StartsWith("run-S1-p", ids[0], StringComparison.Ordinal);
    }

    [Fact]
    public void StoreDesk_ReadySince_IsTheFirstSightingUntilForgotten()
    {
        var desk = new StoreDesk("S1");

        var first = desk.ReadySince("o1", TimeSpan.FromSeconds(3));
        var later = desk.ReadySince("o1", TimeSpan.FromSeconds(9));
        desk.Forget("o1");
        var again = desk.ReadySince("o1", TimeSpan.FromSeconds(12));

        Assert.Equal(TimeSpan.FromSeconds(3), first);
        Assert.Equal(TimeSpan.FromSeconds(3), later);
        Assert.Equal(TimeSpan.FromSeconds(12), again);
    }

    private static List<string> TakeAll(StoreRoster roster)
    {
        var taken = new List<string>();
        while (roster.TryTake() is { } desk)
        {
            taken.Add(desk.StoreId);
        }

        return taken;
    }
}
