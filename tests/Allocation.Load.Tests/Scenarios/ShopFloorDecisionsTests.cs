using Allocation.Load.Profiles;
using Allocation.Load.Scenarios;

namespace Allocation.Load.Tests.Scenarios;

public sealed class ShopFloorDecisionsTests
{
    private static readonly SecondsRange Delay = new(1, 2);

    [Fact]
    public void Pick_EveryLineShort_FindsFewerThanTheLineAndNeverBelowZero()
    {
        var decisions = new ShopFloorDecisions(ShortPickShare: 1, ShelfDisagreesShare: 0, 0, 0, Delay, 5);
        var random = new Random(7);

        var plans = Enumerable.Range(0, 200).Select(_ => decisions.Pick(random, 3)).ToList();

        Assert.All(plans, plan => Assert.InRange(plan.Found, 0, 2));
        Assert.All(plans, plan => Assert.False(plan.ShelfDisagrees));
        Assert.Contains(plans, plan => plan.Found == 0);
    }

    [Fact]
    public void Pick_EveryShelfDisagrees_TillSellsFirstAndThePickerFindsTheWholeLine()
    {
        var decisions = new ShopFloorDecisions(ShortPickShare: 0, ShelfDisagreesShare: 1, 0, 0, Delay, 5);
        var random = new Random(41);

        var plans = Enumerable.Range(0, 200).Select(_ => decisions.Pick(random, 2)).ToList();

        Assert.All(plans, plan => Assert.Equal(2, plan.Found));
        Assert.All(plans, plan => Assert.InRange(plan.TillSaleQuantity, 1, 2));
    }

    [Fact]
    public void Pick_SharesOfAThousandLines_MatchTheProfileRoughly()
    {
        var decisions = new ShopFloorDecisions(ShortPickShare: 0.1, ShelfDisagreesShare: 0.2, 0, 0, Delay, 5);
        var random = new Random(3);

        var plans = Enumerable.Range(0, 1000).Select(_ => decisions.Pick(random, 4)).ToList();

        Assert.InRange(plans.Count(plan => plan.IsShort(4)), 70, 130);
        Assert.InRange(plans.Count(plan => plan.ShelfDisagrees), 160, 240);
    }

    [Fact]
    public void Pick_NoUnits_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShopFloorDecisions(0, 0, 0, 0, Delay, 5).Pick(new Random(1), 0));

    [Theory]
    [InlineData(0.0, 0.0, CustomerFate.Collects)]
    [InlineData(1.0, 0.0, CustomerFate.NeverComes)]
    [InlineData(0.0, 1.0, CustomerFate.Cancels)]
    public void Fate_OnlyOneShare_AlwaysThatFate(double noShow, double cancel, CustomerFate expected)
    {
        var decisions = new ShopFloorDecisions(0, 0, noShow, cancel, Delay, 5);
        var random = new Random(5);

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(expected, decisions.Fate(random)));
    }

    [Theory]
    [InlineData(CustomerFate.Collects, 0.5, HandoverAction.Wait)]
    [InlineData(CustomerFate.Collects, 1.5, HandoverAction.Collect)]
    [InlineData(CustomerFate.Cancels, 1.5, HandoverAction.CustomerCancel)]
    [InlineData(CustomerFate.NeverComes, 4.9, HandoverAction.Wait)]
    [InlineData(CustomerFate.NeverComes, 5.0, HandoverAction.NoShow)]
    public void Due_ReadyForSoLong_TheCustomerComesOrTheCompressedCollectByPasses(CustomerFate fate, double readyForSeconds, HandoverAction expected)
    {
        var decisions = new ShopFloorDecisions(0, 0, 0, 0, Delay, CollectWithinSeconds: 5);

        Assert.Equal(expected, decisions.Due(fate, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(readyForSeconds)));
    }
}
