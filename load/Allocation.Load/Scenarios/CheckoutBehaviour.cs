using Allocation.Load.Profiles;

namespace Allocation.Load.Scenarios;

/// <summary>What a shopper does after the hold: pay (confirm) after a delay or walk away; sometimes cancel after paying.</summary>
public sealed record CheckoutBehaviour(double ConfirmShare, SecondsRange ConfirmDelay, double CancelAfterPayShare, SecondsRange CancelDelay)
{
    private static readonly SecondsRange NoDelay = new(0, 0);

    public static CheckoutBehaviour From(ScenarioProfile profile) =>
        new(profile.ConfirmShare, profile.ConfirmDelaySeconds ?? NoDelay, profile.CancelAfterPayShare, profile.CancelDelaySeconds ?? NoDelay);
}
