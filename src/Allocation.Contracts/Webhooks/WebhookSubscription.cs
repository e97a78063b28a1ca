namespace Allocation.Contracts.Webhooks;

/// <summary>A tenant webhook to subscribe: where to post, the signing secret, which event types (empty: all).</summary>
[GenerateSerializer, Immutable, Alias("allocation.webhook-subscription")]
public sealed record WebhookSubscription(
    [property: Id(0)] string Url,
    [property: Id(1)] string Secret,
    [property: Id(2)] IReadOnlyList<string> EventTypes);
