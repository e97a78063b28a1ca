namespace Allocation.Api.Keys;

/// <summary>What the calling credential acts for: its tenant, role and (store staff) stores.</summary>
public sealed record IdentityResponse(string TenantId, string Role, IReadOnlyList<string> StoreIds);
