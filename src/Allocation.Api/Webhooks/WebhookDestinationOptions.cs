namespace Allocation.Api.Webhooks;

/// <summary>
/// The one webhook setting registration needs: <c>Allocation:Webhooks:AllowPrivateDestinations</c>, the same key the
/// delivery reads (the grains' webhook options), so an operator sets it once for both.
/// </summary>
public sealed class WebhookDestinationOptions
{
    public const string SectionName = "Allocation:Webhooks";

    public bool AllowPrivateDestinations { get; set; }
}
