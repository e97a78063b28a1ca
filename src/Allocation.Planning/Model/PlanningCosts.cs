namespace Allocation.Planning.Model;

/// <summary>Cost terms besides the lanes' transfer costs. Money is in the network's currency.</summary>
/// <param name="HandlingCostPerPick">Paid once per order and source location (walking the shelves, packing).</param>
/// <param name="HandlingCostPerUnit">Paid per unit picked.</param>
/// <param name="SplitPenalty">Paid per source beyond the first: a split order annoys the customer and the store.</param>
public sealed record PlanningCosts(decimal HandlingCostPerPick = 1.00m, decimal HandlingCostPerUnit = 0.20m, decimal SplitPenalty = 5.00m)
{
    /// <summary>Largest accepted value of any cost term.</summary>
    public const decimal CostMax = 1_000_000m;

    /// <summary>The default costs.</summary>
    public static PlanningCosts Default { get; } = new();

    /// <summary>Problems with the costs, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(HandlingCostPerPick, "costs.handlingCostPerPick", errors);
        Check(HandlingCostPerUnit, "costs.handlingCostPerUnit", errors);
        Check(SplitPenalty, "costs.splitPenalty", errors);
        return errors;
    }

    private static void Check(decimal value, string name, List<string> errors)
    {
        if (value is < 0 or > CostMax)
        {
            errors.Add($"{name}: {value} is not within 0..{CostMax}");
        }
    }
}
