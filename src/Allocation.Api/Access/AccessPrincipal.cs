using Allocation.Contracts;
using Allocation.Contracts.Access;
using System.Security.Claims;

namespace Allocation.Api.Access;

/// <summary>Reads what a credential grants from the request's principal.</summary>
public static class AccessPrincipal
{
    public const string AuthenticationType = "allocation";

    public static ClaimsPrincipal Create(string tenantId, string role, IEnumerable<string> storeIds, string? keyId)
    {
        var claims = new List<Claim> { new(AccessClaimTypes.Tenant, tenantId), new(AccessClaimTypes.Role, role) };
        claims.AddRange(storeIds.Select(storeId => new Claim(AccessClaimTypes.Store, storeId)));
        if (keyId is not null)
        {
            claims.Add(new Claim(AccessClaimTypes.KeyId, keyId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, AccessClaimTypes.Tenant, AccessClaimTypes.Role));
    }

    /// <summary>The tenant, when the credential names exactly one valid tenant id.</summary>
    public static string? TenantId(this ClaimsPrincipal principal)
    {
        var tenants = principal.FindAll(AccessClaimTypes.Tenant).Select(claim => claim.Value).Distinct(StringComparer.Ordinal).ToList();
        return tenants is [var tenant] && Identifiers.IsValid(tenant) ? tenant : null;
    }

    /// <summary>The role, when the credential names exactly one known role.</summary>
    public static string? Role(this ClaimsPrincipal principal)
    {
        var roles = principal.FindAll(AccessClaimTypes.Role).Select(claim => claim.Value).Distinct(StringComparer.Ordinal).ToList();
        return roles is [var role] && AccessRoles.IsValid(role) ? role : null;
    }

    public static IReadOnlySet<string> StoreIds(this ClaimsPrincipal principal) =>
        principal.FindAll(AccessClaimTypes.Store).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Admins act at every store of their tenant, store staff at theirs, checkout services at none.</summary>
    public static bool MayActAtStore(this ClaimsPrincipal principal, string storeId) => principal.Role() switch
    {
        AccessRoles.Admin => true,
        AccessRoles.StoreStaff => principal.StoreIds().Contains(storeId),
        _ => false,
    };
}
