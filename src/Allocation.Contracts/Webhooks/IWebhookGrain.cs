namespace Allocation.Contracts.Webhooks;

/// <summary>
/// A tenant's webhooks and their delivery: every customer event of the outbox is posted to each subscribed webhook at
/// least once, in feed order, retried with backoff; the position per webhook is durable. Key: the tenant id.
/// </summary>
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces a webhook; a new one starts after the newest event, a replaced one keeps its position. Null when the tenant has too many.</summary>
    Task<WebhookView?> Put(string name, WebhookSubscription subscription);

    [Orleans.Concurrency.ReadOnly]
    Task<WebhookView?> Get(string name);

    /// <summary>False when there was none.</summary>
    Task<bool> Delete(string name);

    /// <summary>One delivery round over every webhook due; returns how many events were acknowledged.</summary>
    Task<int> Deliver();
}
