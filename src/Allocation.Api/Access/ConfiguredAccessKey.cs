namespace Allocation.Api.Access;

/// <summary>
/// A key set in configuration (the first admin key of a deployment, development keys): only the SHA-256 of the whole
/// key text, as 64 hex digits, never the key. Keys created through the API are stored by the tenant's keys grain.
/// </summary>
public sealed class ConfiguredAccessKey
{
    public string Name { get; set; } = "";

    public string TenantId { get; set; } = "";

    public string Role { get; set; } = "";

    public string[] StoreIds { get; set; } = [];

    public string KeySha256 { get; set; } = "";
}
