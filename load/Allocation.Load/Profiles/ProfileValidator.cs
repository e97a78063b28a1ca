using System.Globalization;

namespace Allocation.Load.Profiles;

/// <summary>Every mistake in a profile, each naming its field ("scenarios[1].share: ..."), so one edit fixes them all.</summary>
public static class ProfileValidator
{
    public static IReadOnlyList<string> Validate(LoadProfile profile)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(profile.Name))
        {
            errors.Add("name: is required");
        }

        Range(errors, "durationSeconds", profile.DurationSeconds, 1, ProfileLimits.DurationSecondsMax);
        Range(errors, "peakRatePerSecond", profile.PeakRatePerSecond, 0.001, ProfileLimits.PeakRatePerSecondMax);
        Range(errors, "maxInFlight", profile.MaxInFlight, 1, ProfileLimits.MaxInFlightMax);
        Range(errors, "requestTimeoutSeconds", profile.RequestTimeoutSeconds, 0.1, ProfileLimits.RequestTimeoutSecondsMax);
        Range(errors, "retryBudgetSeconds", profile.RetryBudgetSeconds, 0, ProfileLimits.RetryBudgetSecondsMax);
        Range(errors, "holdTtlSeconds", profile.HoldTtlSeconds, 1, ProfileLimits.HoldTtlSecondsMax);
        Range(errors, "abortGraceSeconds", profile.AbortGraceSeconds, 0, ProfileLimits.DurationSecondsMax);
        ValidateCurve(errors, "rateCurve", profile.RateCurve, profile.DurationSeconds, required: true);
        ValidateCatalogue(errors, profile.Catalogue);
        Range(errors, "host.demoSkuCount", profile.Host.DemoSkuCount, 1, ProfileLimits.SkuCountMax);
        Range(errors, "host.demoStockUnitsPerStore", profile.Host.DemoStockUnitsPerStore, 0, ProfileLimits.TopUpQuantityMax);
        for (var index = 0; index < profile.TopUps.Count; index++)
        {
            Range(errors, $"topUps[{index}].quantityPerStore", profile.TopUps[index].QuantityPerStore, 1, ProfileLimits.TopUpQuantityMax);
        }

        ValidateScenarios(errors, profile);
        for (var index = 0; index < profile.Thresholds.Count; index++)
        {
            if (string.IsNullOrWhiteSpace(profile.Thresholds[index].Expression))
            {
                errors.Add($"thresholds[{index}].expression: is required");
            }
        }

        return errors;
    }

    private static void ValidateCatalogue(List<string> errors, CatalogueProfile catalogue)
    {
        Range(errors, "catalogue.skuCount", catalogue.SkuCount, 1, ProfileLimits.SkuCountMax);
        Range(errors, "catalogue.hotSkuCount", catalogue.HotSkuCount, 1, Math.Max(1, catalogue.SkuCount));
        Range(errors, "catalogue.storeCountMax", catalogue.StoreCountMax, 1, ProfileLimits.StoreCountMax);
        try
        {
            _ = string.Format(CultureInfo.InvariantCulture, catalogue.SkuPattern, 1);
        }
        catch (FormatException)
        {
            errors.Add($"catalogue.skuPattern: '{catalogue.SkuPattern}' is not a format with one number, e.g. SKU-{{0:D4}}");
        }
    }

    private static void ValidateScenarios(List<string> errors, LoadProfile profile)
    {
        if (profile.Scenarios is not { Count: > 0 } scenarios)
        {
            errors.Add("scenarios: at least one scenario is required");
            return;
        }

        if (scenarios.Count > ProfileLimits.ScenarioCountMax)
        {
            errors.Add($"scenarios: at most {ProfileLimits.ScenarioCountMax}");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < scenarios.Count; index++)
        {
            var scenario = scenarios[index];
            var prefix = $"scenarios[{index}]";
            if (string.IsNullOrWhiteSpace(scenario.Name) || scenario.Name.Contains('.', StringComparison.Ordinal))
            {
                errors.Add($"{prefix}.name: is required, without '.' (thresholds use it as scenario.step)");
            }
            else if (!names.Add(scenario.Name))
            {
                errors.Add($"{prefix}.name: '{scenario.Name}' is used twice");
            }

            if (scenario.Kind is null)
            {
                errors.Add($"{prefix}.kind: is required: one of {string.Join(", ", Enum.GetNames<ScenarioKind>())}");
                continue;
            }

            ScenarioRules.Validate(errors, prefix, scenario, profile.DurationSeconds);
        }
    }

    internal static void ValidateCurve(List<string> errors, string field, IReadOnlyList<RatePoint>? curve, double durationSeconds, bool required)
    {
        if (curve is null)
        {
            if (required)
            {
                errors.Add($"{field}: is required (points of atSeconds and fraction of the peak)");
            }

            return;
        }

        if (curve.Count < 2)
        {
            errors.Add($"{field}: needs at least 2 points");
            return;
        }

        for (var index = 0; index < curve.Count; index++)
        {
            var point = curve[index];
            if (index > 0 && point.AtSeconds <= curve[index - 1].AtSeconds)
            {
                errors.Add($"{field}[{index}].atSeconds: must be after the previous point ({curve[index - 1].AtSeconds} s)");
            }

            Range(errors, $"{field}[{index}].atSeconds", point.AtSeconds, 0, durationSeconds);
            Range(errors, $"{field}[{index}].fraction", point.Fraction, 0, 1);
        }
    }

    internal static void Range(List<string> errors, string field, double value, double minimum, double maximum)
    {
        if (double.IsNaN(value) || value < minimum || value > maximum)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{field}: must be between {minimum:0.######} and {maximum:0.######} (got {value:0.######})"));
        }
    }
}
