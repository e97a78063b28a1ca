namespace Allocation.Grains.Notifications;

/// <summary>One webhook of a tenant with its delivery position (a grain record). The secret is stored to sign; never shown.</summary>
[GenerateSerializer, Alias("allocation.webhook-record.v1")]
internal sealed class WebhookRecord
{
    [Id(0)] public string Url { get; set; } = "";
    [Id(1)] public string Secret { get; set; } = "";
    [Id(2)] public List<string> EventTypes { get; set; } = [];
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public long DeliveredThrough { get; set; }
    [Id(5)] public int FailedAttempts { get; set; }
    [Id(6)] public DateTimeOffset? NextAttemptAt { get; set; }
    [Id(7)] public string? LastError { get; set; }
}
