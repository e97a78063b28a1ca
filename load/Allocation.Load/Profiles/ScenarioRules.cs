namespace Allocation.Load.Profiles;

/// <summary>What each scenario kind needs from its profile entry.</summary>
internal static class ScenarioRules
{
    public static void Validate(List<string> errors, string prefix, ScenarioProfile scenario, double durationSeconds)
    {
        ValidateModel(errors, prefix, scenario, durationSeconds);
        switch (scenario.Kind)
        {
            case ScenarioKind.FlashSale or ScenarioKind.ClickAndCollect or ScenarioKind.NamedStore:
                ValidateCheckout(errors, prefix, scenario);
                break;
            case ScenarioKind.StoreSales:
                ProfileValidator.Range(errors, prefix + ".receiptShare", scenario.ReceiptShare, 0, 1);
                ProfileValidator.Range(errors, prefix + ".receiptQuantity", scenario.ReceiptQuantity, 1, ProfileLimits.QuantityMax);
                ProfileValidator.Range(errors, prefix + ".quantityMax", scenario.QuantityMax, 1, ProfileLimits.QuantityMax);
                break;
            case ScenarioKind.StoreStaff:
                if (scenario.RequiredRoutes is not { Count: > 0 })
                {
                    errors.Add(prefix + ".requiredRoutes: is required: the store-operations routes (\"GET /api/v1/...\") the scenario drives");
                }

                break;
        }
    }

    private static void ValidateModel(List<string> errors, string prefix, ScenarioProfile scenario, double durationSeconds)
    {
        if (scenario.Model == LoadModel.Open)
        {
            ProfileValidator.Range(errors, prefix + ".share", scenario.Share, 0.000001, 1);
            ProfileValidator.ValidateCurve(errors, prefix + ".rateCurve", scenario.RateCurve, durationSeconds, required: false);
            return;
        }

        ProfileValidator.Range(errors, prefix + ".virtualUsers", scenario.VirtualUsers, 1, ProfileLimits.VirtualUsersMax);
        ValidateRange(errors, prefix + ".thinkTimeSeconds", scenario.ThinkTimeSeconds, required: true);
    }

    private static void ValidateCheckout(List<string> errors, string prefix, ScenarioProfile scenario)
    {
        ProfileValidator.Range(errors, prefix + ".linesMin", scenario.LinesMin, 1, ProfileLimits.LinesMax);
        ProfileValidator.Range(errors, prefix + ".linesMax", scenario.LinesMax, Math.Max(1, scenario.LinesMin), ProfileLimits.LinesMax);
        ProfileValidator.Range(errors, prefix + ".quantityMax", scenario.QuantityMax, 1, ProfileLimits.QuantityMax);
        ProfileValidator.Range(errors, prefix + ".confirmShare", scenario.ConfirmShare, 0, 1);
        ProfileValidator.Range(errors, prefix + ".cancelAfterPayShare", scenario.CancelAfterPayShare, 0, 1);
        ValidateRange(errors, prefix + ".confirmDelaySeconds", scenario.ConfirmDelaySeconds, required: scenario.ConfirmShare > 0);
        ValidateRange(errors, prefix + ".cancelDelaySeconds", scenario.CancelDelaySeconds, required: scenario.CancelAfterPayShare > 0);
    }

    private static void ValidateRange(List<string> errors, string field, SecondsRange? range, bool required)
    {
        if (range is null)
        {
            if (required)
            {
                errors.Add(field + ": is required ({\"min\": seconds, \"max\": seconds})");
            }

            return;
        }

        ProfileValidator.Range(errors, field + ".min", range.Min, 0, ProfileLimits.DurationSecondsMax);
        ProfileValidator.Range(errors, field + ".max", range.Max, range.Min, ProfileLimits.DurationSecondsMax);
    }
}
