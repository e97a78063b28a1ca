namespace Allocation.Api.Keys;

/// <summary>A key to create: a name to recognise it by, its role and, for store staff, its stores.</summary>
public sealed record KeyBody(string? Name, string? Role, IReadOnlyList<string>? StoreIds);
