using Allocation.Contracts.Access;

namespace Allocation.Api.Access;

/// <summary>
/// Checks a <see cref="RoleAccessRequirement"/>. The store a route acts at is its <c>{storeId}</c> route value, so a
/// store-staff credential is refused at another store's routes whether or not that store exists (403 either way:
/// nothing says which stores there are).
/// </summary>
internal sealed class RoleAccessHandler : AuthorizationHandler<RoleAccessRequirement>
{
    public const string StoreRouteValue = "storeId";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleAccessRequirement requirement)
    {
        var principal = context.User;
        var role = principal.Role();
        if (principal.TenantId() is null || role is null)
        {
            context.Fail(new AuthorizationFailureReason(this, "the credential names no single valid tenant and role"));
            return Task.CompletedTask;
        }

        if (!requirement.Roles.Contains(role))
        {
            context.Fail(new AuthorizationFailureReason(this, $"this needs the role {string.Join(" or ", requirement.Roles)}; the credential's role is {role}"));
            return Task.CompletedTask;
        }

        if (role == AccessRoles.StoreStaff && StoreOf(context.Resource) is { } storeId && !principal.MayActAtStore(storeId))
        {
            context.Fail(new AuthorizationFailureReason(this, "the credential is not for this store"));
            return Task.CompletedTask;
        }

        context.Succeed(requirement);
        return Task.CompletedTask;
    }

    private static string? StoreOf(object? resource) =>
        resource is HttpContext http && http.Request.RouteValues.TryGetValue(StoreRouteValue, out var value) ? value as string : null;
}
