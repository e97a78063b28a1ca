namespace Allocation.Contracts.Webhooks;

/// <summary>A webhook as it stands (never its secret): the last event sequence it acknowledged and its failures in a row.</summary>
[GenerateSerializer, Immutable, Alias("allocation.webhook-view")]
public sealed record WebhookView(
    [property: Id(0)] string Name,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> EventTypes,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] long DeliveredThrough,
    [property: Id(5)] int FailedAttempts,
    [property: Id(6)] DateTimeOffset? NextAttemptAt,
    [property: Id(7)] string? LastError);
