using Allocation.Planning.Model;
using Allocation.Planning.Solver;

namespace Allocation.Planning.Tests;

public class DeadlineScheduleTests
{
    // One store picking one order an hour, 10:00-22:00 Shanghai; "now" is 14:00. Paid 23 h ago, an order collected at the
    // store must be picked in the 14:00 hour (ready 15:00, its deadline); paid now, it has until tomorrow.
    private static readonly Order Urgent = TestNetworks.Order("URGENT", "S001", ("A", 1)) with { PaidAt = TestNetworks.Now.AddHours(-23) };
    private static readonly Order Relaxed = TestNetworks.Order("RELAXED", "S001", ("A", 1));

    [Fact]
    public void Assign_RelaxedOrderDecidedFirst_UrgentOrderStillGetsFirstHour()
    {
        var (context, movable) = Prepare(Relaxed, Urgent);
        Assert.True(context.TryBeginDeadlineScheduling(movable));
        var decisions = new Decision?[movable.Count];

        OrderSearch.Decide(context, movable[0], decisions);
        OrderSearch.Decide(context, movable[1], decisions);
        DeadlineSchedule.Assign(context, movable, decisions);

        Assert.False(context.DeadlineScheduling);
        Assert.Equal(0, decisions[1]!.Sources[0].Bucket);
        Assert.Equal(1, decisions[0]!.Sources[0].Bucket);
        Assert.Equal(movable[1].DeadlineMinute, decisions[1]!.ReadyMinute);
        Assert.Equal(0, context.Capacity(0, 0));
        Assert.Equal(0, context.Capacity(0, 1));
    }

    [Fact]
    public void EarliestBucket_PerHourScheduling_RelaxedOrderTakesTheHourTheUrgentOneNeeds()
    {
        // The contrast that motivates deadline scheduling: picking each order in its earliest free hour.
        var (context, movable) = Prepare(Relaxed, Urgent);
        var decisions = new Decision?[movable.Count];

        OrderSearch.Decide(context, movable[0], decisions);
        OrderSearch.Decide(context, movable[1], decisions);

        Assert.Equal(0, decisions[0]!.Sources[0].Bucket);
        Assert.Null(decisions[1]);
    }

    [Fact]
    public void EarliestBucket_DeadlineSchedulingFirstHourTaken_UrgentRefusedRelaxedAdmitted()
    {
        var secondUrgent = Urgent with { Id = "URGENT-2" };
        var (context, movable) = Prepare(Urgent, secondUrgent, Relaxed);
        Assert.True(context.TryBeginDeadlineScheduling(movable));
        var decisions = new Decision?[movable.Count];

        OrderSearch.Decide(context, movable[0], decisions);

        Assert.Equal(-1, context.EarliestBucket(movable[1], 0, movable[1].DeadlineMinute).Bucket);
        Assert.True(context.EarliestBucket(movable[2], 0, movable[2].DeadlineMinute).Bucket > 0);
    }

    [Fact]
    public void TryBeginDeadlineScheduling_OrderPaidAfterNow_FalseAndPerHourKept()
    {
        var (context, movable) = Prepare(Relaxed, Relaxed with { Id = "LATER", PaidAt = TestNetworks.Now.AddHours(2) });

        Assert.False(context.TryBeginDeadlineScheduling(movable));
        Assert.False(context.DeadlineScheduling);
    }

    [Fact]
    public void Assign_NotInDeadlineScheduling_Throws()
    {
        var (context, movable) = Prepare(Relaxed);

        Assert.Throws<InvalidOperationException>(() => DeadlineSchedule.Assign(context, movable, new Decision?[1]));
    }

    private static (PlanContext Context, List<PreparedOrder> Movable) Prepare(params Order[] orders)
    {
        var request = new PlanningRequest(TestNetworks.SmallCity(1, picksPerHour: 1), TestNetworks.Stock(("A", "S001", orders.Length)), orders, TestNetworks.Now);
        var network = CompiledNetwork.TryGet(request.Network, out _)!;
        var context = new PlanContext(network, request, PlanningLimits.Default, PlanningCosts.Default);
        return (context, OrderPreparation.Prepare(context, request).Where(order => order.IsMovable).ToList());
    }
}
