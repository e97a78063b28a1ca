namespace Allocation.Api.Access;

/// <summary>
/// The claims every credential turns into, API key or bearer token alike: the tenant it acts for, its role, and for
/// store staff the stores (one claim each). Bearer tokens carry them under these names.
/// </summary>
public static class AccessClaimTypes
{
    public const string Tenant = "tenant";
    public const string Role = "role";
    public const string Store = "store";

    /// <summary>Which stored key authenticated the request (absent for configured keys and bearer tokens).</summary>
    public const string KeyId = "key_id";

    /// <summary>Marks an operator credential (checked with its authentication type, which no token can carry).</summary>
    public const string Operator = "operator";
}
