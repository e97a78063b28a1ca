using Allocation.Load.Profiles;
using Allocation.Load.Scenarios;

namespace Allocation.Load.Run;

/// <summary>Turns the profile's scenarios into runnable ones; the store-staff scenario is skipped (with the reason) only when the service lacks its routes.</summary>
public static class ScenarioBuilder
{
    public static (IReadOnlyList<ScenarioPlan> Plans, IReadOnlyList<SkippedScenario> Skipped) Build(
        LoadProfile profile, ScenarioContext context, double scale, TimeSpan duration, IReadOnlySet<string> serviceRoutes)
    {
        var plans = new List<ScenarioPlan>();
        var skipped = new List<SkippedScenario>();
        foreach (var scenario in profile.Scenarios ?? [])
        {
            var name = scenario.Name!;
            if (scenario.Kind == ScenarioKind.StoreStaff && StoreStaffSkipReason(context, serviceRoutes) is { } reason)
            {
                skipped.Add(new SkippedScenario(name, reason));
                continue;
            }

            IScenario runnable = scenario.Kind switch
            {
                ScenarioKind.FlashSale => new CheckoutScenario(name, context, CheckoutBehaviour.From(scenario), Baskets.FlashSale(scenario, context.Pool)),
                ScenarioKind.ClickAndCollect => new CheckoutScenario(name, context, CheckoutBehaviour.From(scenario), Baskets.ClickAndCollect(scenario, context.Pool)),
                ScenarioKind.NamedStore => new CheckoutScenario(name, context, CheckoutBehaviour.From(scenario), Baskets.NamedStore(scenario, context.Pool)),
                ScenarioKind.StoreSales => new StoreSalesScenario(name, context, scenario.ReceiptShare, scenario.ReceiptQuantity, scenario.QuantityMax),
                ScenarioKind.StoreStaff => new StoreStaffScenario(name, context, context.Store!, ShopFloorDecisions.From(scenario)),
                _ => throw new InvalidOperationException($"scenario kind {scenario.Kind} has no driver"),
            };
            var curve = scenario.Model == LoadModel.Open ? CurveFactory.For(profile, scenario, scale, duration) : null;
            plans.Add(new ScenarioPlan(runnable, scenario, curve));
        }

        return (plans, skipped);
    }

    private static string? StoreStaffSkipReason(ScenarioContext context, IReadOnlySet<string> serviceRoutes) =>
        context.Store is null ? "no store-operations client was given to the run" : StoreOperationsProbe.SkipReason(StoreStaffScenario.Routes, serviceRoutes);

    /// <summary>The steps a profile's scenarios can produce, for checking threshold selectors before the run.</summary>
    public static IReadOnlyList<(string Scenario, string Step)> KnownSteps(LoadProfile profile) =>
        (profile.Scenarios ?? []).SelectMany(scenario => StepsOf(scenario.Kind).Select(step => (scenario.Name ?? "", step))).ToList();

    private static string[] StepsOf(ScenarioKind? kind) => kind switch
    {
        ScenarioKind.FlashSale or ScenarioKind.ClickAndCollect or ScenarioKind.NamedStore => [CheckoutScenario.ReserveStep, CheckoutScenario.ConfirmStep, CheckoutScenario.CancelStep],
        ScenarioKind.StoreSales => [StoreSalesScenario.SaleStep, StoreSalesScenario.ReceiptStep],
        ScenarioKind.StoreStaff => [.. StoreStaffScenario.Steps],
        _ => [],
    };
}
