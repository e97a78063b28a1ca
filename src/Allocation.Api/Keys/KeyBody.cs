namespace Allocation.Api.Keys;

/// <summary>A key to create: a name to recognise it by, its role, for store staff its stores, and optionally when it expires.</summary>
public sealed record KeyBody(string? Name, string? Role, IReadOnlyList<string>? StoreIds, DateTimeOffset? ExpiresAt = null);
