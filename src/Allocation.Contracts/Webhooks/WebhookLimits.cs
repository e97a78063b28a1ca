namespace Allocation.Contracts.Webhooks;

public static class WebhookLimits
{
    public const int SecretLengthMin = 16;
    public const int SecretLengthMax = 200;
    public const int UrlLengthMax = 2_000;

    /// <summary>Webhooks per tenant.</summary>
    public const int WebhooksMax = 20;

    public const string SignatureHeader = "X-Allocation-Signature";
    public const string EventIdHeader = "X-Allocation-Event-Id";
    public const string EventTypeHeader = "X-Allocation-Event-Type";
}
