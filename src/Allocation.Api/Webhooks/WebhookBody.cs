namespace Allocation.Api.Webhooks;

/// <summary>A webhook subscription as put; eventTypes empty or missing means every event type.</summary>
public sealed record WebhookBody(string? Url, string? Secret, IReadOnlyList<string?>? EventTypes);
