using Allocation.Contracts.Access;

namespace Allocation.Api.Access;

/// <summary>
/// The policies routes require, by what they do. Every policy also scopes store staff to their stores on routes with a
/// <c>{storeId}</c>, and every one needs a tenant in the credential (see <see cref="RoleAccessRequirement"/>).
/// </summary>
public static class AccessPolicies
{
    /// <summary>Any valid credential: reading the catalogue, one's own identity.</summary>
    public const string AnyRole = "any-role";

    /// <summary>Reserving, confirming, releasing and promising: checkout services (and admins).</summary>
    public const string Checkout = "checkout";

    /// <summary>Working a store: pick lists, picks, transfers, collection, the store's stock movements.</summary>
    public const string StoreStaff = "store-staff";

    /// <summary>Planning: network, catalogue, safety stock, re-optimisation, keys.</summary>
    public const string Admin = "admin";

    /// <summary>Cluster-wide operations views (/metrics, /dashboard): an operator key, never a tenant's credential.</summary>
    public const string Operator = "operator";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Operator, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => context.User.IsOperator()));
        options.AddPolicy(AnyRole, policy => policy.RequireAuthenticatedUser().AddRequirements(new RoleAccessRequirement(AccessRoles.All)));
        options.AddPolicy(Checkout, policy => policy.RequireAuthenticatedUser().AddRequirements(new RoleAccessRequirement([AccessRoles.Checkout, AccessRoles.Admin])));
        options.AddPolicy(StoreStaff, policy => policy.RequireAuthenticatedUser().AddRequirements(new RoleAccessRequirement([AccessRoles.StoreStaff, AccessRoles.Admin])));
        options.AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().AddRequirements(new RoleAccessRequirement([AccessRoles.Admin])));
    }
}
