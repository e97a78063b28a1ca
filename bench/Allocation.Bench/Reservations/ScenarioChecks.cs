namespace Allocation.Bench.Reservations;

/// <summary>
/// The invariants checked after every scenario, on the counts the target stored: nothing oversold, nothing negative,
/// on hand untouched, and held/committed exactly what the callers were told (granted reserves minus confirms and expires).
/// </summary>
internal sealed class ScenarioChecks(Scenario scenario, IReadOnlyList<CallerLedger> ledgers, TargetTotals totals)
{
    private const int ReportedKeysMax = 5;

    public List<string> Failures()
    {
        var failures = new List<string>();
        foreach (var exception in ledgers.Select(ledger => ledger.Failure).OfType<Exception>().Take(ReportedKeysMax))
            failures.Add($"target threw, outcome unknown: {exception.GetType().Name}: {exception.Message}");
        var missingHolds = ledgers.Sum(ledger => ledger.MissingHolds);
        if (missingHolds > 0)
            failures.Add($"{missingHolds} confirms/expires found no hold that had been granted");
        if (totals.KeyCount != scenario.KeyCount)
        {
            failures.Add($"target returned {totals.KeyCount} keys, expected {scenario.KeyCount}");
            return failures;
        }

        CheckKeys(failures);
        CheckStockUse(failures);
        return failures;
    }

    private void CheckKeys(List<string> failures)
    {
        var brokenKeys = 0;
        for (var keyIndex = 0; keyIndex < scenario.KeyCount; keyIndex++)
        {
            var problem = KeyProblem(keyIndex);
            if (problem is null)
                continue;
            if (++brokenKeys <= ReportedKeysMax)
                failures.Add($"key {keyIndex}: {problem}");
        }

        if (brokenKeys > ReportedKeysMax)
            failures.Add($"... {brokenKeys - ReportedKeysMax} more keys broken");
    }

    private string? KeyProblem(int keyIndex)
    {
        long onHand = totals.OnHand[keyIndex], held = totals.Held[keyIndex], committed = totals.Committed[keyIndex];
        var reserved = ledgers.Sum(ledger => ledger.ReservedUnits[keyIndex]);
        var confirmed = ledgers.Sum(ledger => ledger.ConfirmedUnits[keyIndex]);
        var expired = ledgers.Sum(ledger => ledger.ExpiredUnits[keyIndex]);
        if (held < 0 || committed < 0)
            return $"negative count: held {held}, committed {committed}";
        if (held + committed > onHand)
            return $"OVERSOLD: held {held} + committed {committed} > on hand {onHand}";
        if (onHand != scenario.UnitsPerKey)
            return $"on hand {onHand}, set up with {scenario.UnitsPerKey}";
        if (held != reserved - confirmed - expired)
            return $"held {held}, callers were told {reserved - confirmed - expired} (reserved {reserved} - confirmed {confirmed} - expired {expired})";
        if (committed != confirmed)
            return $"committed {committed}, callers were told {confirmed}";
        return null;
    }

    /// <summary>Out-of-stock answers are only right when stock really ran out: in sell-out, always at the end; elsewhere, never.</summary>
    private void CheckStockUse(List<string> failures)
    {
        var rejected = ledgers.Sum(ledger => ledger.Rejected);
        if (scenario.Workload != ScenarioWorkload.SellOut)
        {
            if (rejected > 0)
                failures.Add($"{rejected} reserves refused as out of stock although stock was ample");
            return;
        }

        var granted = ledgers.Sum(ledger => ledger.Granted);
        if (granted != scenario.UnitsPerKey)
            failures.Add($"sell-out granted {granted} units of {scenario.UnitsPerKey}");
        var unfinishedCallers = ledgers.Count(ledger => !ledger.EndedOutOfStock);
        if (unfinishedCallers > 0)
            failures.Add($"{unfinishedCallers} callers never saw out of stock");
    }
}
