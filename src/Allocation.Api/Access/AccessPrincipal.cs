using Allocation.Contracts;
using Allocation.Contracts.Access;
using System.Security.Claims;

namespace Allocation.Api.Access;

/// <summary>Reads what a credential grants from the request's principal.</summary>
public static class AccessPrincipal
{
    public const string AuthenticationType = "allocation";

    /// <summary>The authentication type of an operator credential: only a configured operator key makes it (a token cannot).</summary>
    public const string OperatorAuthenticationType = "allocation-operator";

    /// <summary>An operator: no tenant and no role, so every tenant route refuses it; the operator policy accepts it.</summary>
    public static ClaimsPrincipal CreateOperator() =>
        new(new ClaimsIdentity([new Claim(AccessClaimTypes.Operator, "true")], OperatorAuthenticationType, AccessClaimTypes.Tenant, AccessClaimTypes.Role));

    public static bool IsOperator(this ClaimsPrincipal principal) =>
        principal.Identities.Any(identity => identity.IsAuthenticated && identity.AuthenticationType == OperatorAuthenticationType);

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

    /// <summary>The tenant, when the credential names exactly one valid tenant id (read on every request: no allocation).</summary>
    public static string? TenantId(this ClaimsPrincipal principal)
    {
        var tenant = Single(principal, AccessClaimTypes.Tenant);
        return Identifiers.IsValid(tenant) ? tenant : null;
    }

    /// <summary>The role, when the credential names exactly one known role.</summary>
    public static string? Role(this ClaimsPrincipal principal)
    {
        var role = Single(principal, AccessClaimTypes.Role);
        return AccessRoles.IsValid(role) ? role : null;
    }

    public static IReadOnlySet<string> StoreIds(this ClaimsPrincipal principal) =>
        principal.FindAll(AccessClaimTypes.Store).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Admins act at every store of their tenant, store staff at theirs, checkout services at none.</summary>
    public static bool MayActAtStore(this ClaimsPrincipal principal, string storeId) => principal.Role() switch
    {
        AccessRoles.Admin => true,
        AccessRoles.StoreStaff => principal.HasClaim(AccessClaimTypes.Store, storeId),
        _ => false,
    };

    /// <summary>The value of the one claim of this type; null when there is none, or two that differ.</summary>
    private static string? Single(ClaimsPrincipal principal, string type)
    {
        string? value = null;
        foreach (var claim in principal.Claims)
        {
            if (claim.Type != type)
            {
                continue;
            }

            if (value is not null && value != claim.Value)
            {
                return null;
            }

            value = claim.Value;
        }

        return value;
    }
}
