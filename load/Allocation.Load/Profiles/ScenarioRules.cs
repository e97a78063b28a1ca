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
                ValidateStoreStaff(errors, prefix, scenario);
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

    private static void ValidateStoreStaff(List<string> errors, string prefix, ScenarioProfile scenario)
    {
        if (scenario.Model != LoadModel.Closed)
        {
            errors.Add(prefix + ".model: must be \"closed\": store staff are a fixed number of people working their stores");
        }

        ProfileValidator.Range(errors, prefix + ".shortPickShare", scenario.ShortPickShare, 0, 1);
        ProfileValidator.Range(errors, prefix + ".shelfDisagreesShare", scenario.ShelfDisagreesShare, 0, 1 - scenario.ShortPickShare);
        ProfileValidator.Range(errors, prefix + ".noShowShare", scenario.NoShowShare, 0, 1);
        ProfileValidator.Range(errors, prefix + ".customerCancelShare", scenario.CustomerCancelShare, 0, 1 - scenario.NoShowShare);
        ValidateRange(errors, prefix + ".collectDelaySeconds", scenario.CollectDelaySeconds, required: true);
        ProfileValidator.Range(errors, prefix + ".collectWithinSeconds", scenario.CollectWithinSeconds, scenario.CollectDelaySeconds?.Max ?? 0, ProfileLimits.DurationSecondsMax);
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
