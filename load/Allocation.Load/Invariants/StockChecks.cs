using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

internal static class StockChecks
{
    public const string OversoldName = "no SKU-store oversold";
    public const string ReconciledName = "counts reconcile";

    /// <summary>
    /// Held plus committed never exceeds on hand, beyond what the harness's own POS sales left uncovered (a sale of
    /// reserved units is real life, not an oversell; the sale's answer says how many it left uncovered).
    /// </summary>
    public static InvariantCheck NotOversold(IReadOnlyDictionary<SkuStore, ServiceAnswer<StockReply>> stock, IEnumerable<MovementRecord> movements)
    {
        var explained = movements.GroupBy(movement => movement.SkuStore).ToDictionary(group => group.Key, group => group.Sum(movement => movement.ShortfallCaused));
        var violations = new ViolationList();
        foreach (var (key, answer) in stock.OrderBy(pair => pair.Key.ToString(), StringComparer.Ordinal))
        {
            if (answer is not { IsOk: true, Value: { } counts })
            {
                violations.Fail($"{key}: unreadable ({answer.Problem})");
                continue;
            }

            var promised = counts.Held + counts.Committed;
            var allowedShortfall = explained.GetValueOrDefault(key);
            if (promised - counts.OnHand > allowedShortfall || counts.OnHand < 0 || counts.Held < 0 || counts.Committed < 0)
            {
                violations.Fail($"{key}: on hand {counts.OnHand}, held {counts.Held}, committed {counts.Committed} (POS sales explain a shortfall of {allowedShortfall})");
            }
            else
            {
                violations.Pass();
            }
        }

        return violations.ToCheck(OversoldName, "held + committed <= on hand at every SKU-store of the pool, no count negative (beyond shortfalls the run's own POS sales created)");
    }

    /// <summary>On hand, held and committed equal the counts before the run plus what the service acknowledged to the harness.</summary>
    public static InvariantCheck Reconciled(
        IReadOnlyDictionary<SkuStore, (int OnHand, int Held, int Committed)> expected,
        IReadOnlyDictionary<SkuStore, ServiceAnswer<StockReply>> stock,
        IReadOnlyDictionary<SkuStore, StockReply> baseline,
        IReadOnlySet<SkuStore>? onHandMovedByOrders = null)
    {
        var violations = new ViolationList();
        foreach (var (key, want) in expected.OrderBy(pair => pair.Key.ToString(), StringComparer.Ordinal))
        {
            if (!stock.TryGetValue(key, out var answer) || answer is not { IsOk: true, Value: { } counts })
            {
                violations.Fail($"{key}: not readable, or outside the pool the harness read before the run");
                continue;
            }

            var heldBefore = baseline.GetValueOrDefault(key)?.Held ?? 0;
            var heldMine = want.Held - heldBefore;
            var heldMatches = heldBefore == 0 ? counts.Held == want.Held : counts.Held >= heldMine && counts.Held <= want.Held;
            var onHandMatches = counts.OnHand == want.OnHand || onHandMovedByOrders?.Contains(key) == true;
            if (!onHandMatches || counts.Committed != want.Committed || !heldMatches)
            {
                violations.Fail($"{key}: expected on hand {want.OnHand}, held {want.Held}, committed {want.Committed}; the service says {counts.OnHand}, {counts.Held}, {counts.Committed}");
            }
            else
            {
                violations.Pass();
            }
        }

        return violations.ToCheck(ReconciledName, "per SKU-store: on hand = before + receipts - sales applied (where no store step of an order moved it); held = before + the run's held lines; committed = before + the confirmed lines still committed (the order's view once staff worked it)");
    }
}
