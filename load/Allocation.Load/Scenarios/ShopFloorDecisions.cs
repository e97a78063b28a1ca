using Allocation.Load.Profiles;

namespace Allocation.Load.Scenarios;

/// <summary>What the shelf gives a picker: the units found, and a till sale at the SKU-store just before the pick (0 when the shelf agrees).</summary>
public readonly record struct PickPlan(int Found, int TillSaleQuantity)
{
    public bool IsShort(int quantity) => Found < quantity;

    public bool ShelfDisagrees => TillSaleQuantity > 0;
}

/// <summary>What the customer of a ready order does: collects, cancels, or never comes.</summary>
public enum CustomerFate
{
    Collects = 1,
    Cancels = 2,
    NeverComes = 3,
}

/// <summary>What the staff do about a ready order at this visit.</summary>
public enum HandoverAction
{
    /// <summary>Its customer has not come yet (or, a no-show, the compressed collect-by has not passed).</summary>
    Wait = 0,
    Collect = 1,
    CustomerCancel = 2,
    NoShow = 3,
}

/// <summary>
/// The shop floor's random choices, pure (tests draw them with a seeded Random): shares from the profile, the same
/// stream for the same order on every run with the same seed.
/// </summary>
public sealed record ShopFloorDecisions(double ShortPickShare, double ShelfDisagreesShare, double NoShowShare, double CustomerCancelShare, SecondsRange CollectDelay, double CollectWithinSeconds)
{
    public static ShopFloorDecisions From(ScenarioProfile profile) => new(
        profile.ShortPickShare, profile.ShelfDisagreesShare, profile.NoShowShare, profile.CustomerCancelShare, profile.CollectDelaySeconds ?? new SecondsRange(0, 0), profile.CollectWithinSeconds);

    /// <summary>
    /// A short pick finds 0 to quantity-1 units. A disagreeing shelf: a till sells 1 to quantity units of the SKU at the
    /// store first (the book now believes fewer than the shelf holds), then the picker finds every unit of the line.
    /// </summary>
    public PickPlan Pick(Random random, int quantity)
    {
        if (quantity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "a pick line has at least one unit");
        }

        var draw = random.NextDouble();
        if (draw < ShortPickShare)
        {
            return new PickPlan(random.Next(0, quantity), 0);
        }

        return draw < ShortPickShare + ShelfDisagreesShare ? new PickPlan(quantity, random.Next(1, quantity + 1)) : new PickPlan(quantity, 0);
    }

    public CustomerFate Fate(Random random)
    {
        var draw = random.NextDouble();
        return draw < NoShowShare ? CustomerFate.NeverComes : draw < NoShowShare + CustomerCancelShare ? CustomerFate.Cancels : CustomerFate.Collects;
    }

    /// <summary>What is due for a ready order, <paramref name="readyFor"/> after the staff first saw it ready.</summary>
    public HandoverAction Due(CustomerFate fate, TimeSpan customerDelay, TimeSpan readyFor) => fate switch
    {
        CustomerFate.NeverComes => readyFor.TotalSeconds >= CollectWithinSeconds ? HandoverAction.NoShow : HandoverAction.Wait,
        _ when readyFor < customerDelay => HandoverAction.Wait,
        CustomerFate.Cancels => HandoverAction.CustomerCancel,
        _ => HandoverAction.Collect,
    };
}
