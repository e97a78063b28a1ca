namespace Allocation.Contracts.Webhooks;

public static class WebhookLimits
{
    public const int SecretLengthMin = 16;
    public const int SecretLengthMax = 200;
    public const int UrlLengthMax = 2_000;

    /// <summary>Webhooks per tenant.</summary>
    public const int WebhooksMax = 20;

    public const string SignatureHeader = "X-Allocation-Signature";

    /// <summary>Unix seconds when the delivery was sent; signed with the body. Receivers refuse one too far from their clock.</summary>
    public const string TimestampHeader = "X-Allocation-Timestamp";

    /// <summary>The window we advise receivers to accept a timestamp in (either side of their clock).</summary>
    public const int ReceiverToleranceSecondsAdvised = 300;
    public const string EventIdHeader = "X-Allocation-Event-Id";
    public const string EventTypeHeader = "X-Allocation-Event-Type";
}
