using Allocation.Api.Access;
using Allocation.Contracts;
using Allocation.Contracts.Access;

namespace Allocation.Api.Keys;

/// <summary>Who the caller is, and the tenant's API keys (admin): create (text shown once), list, revoke.</summary>
public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/me", Me).WithTags("Access").WithName("GetIdentity")
            .WithSummary("The tenant, role and stores of the calling credential.");
        var group = routes.MapGroup("/keys").WithTags("Access").RequireAuthorization(AccessPolicies.Admin);
        group.MapPost("/", CreateAsync).WithName("CreateKey")
            .WithSummary("Creates an API key for the tenant; the answer holds its text, shown only this once (only a hash is stored).");
        group.MapGet("/", ListAsync).WithName("ListKeys")
            .WithSummary("The tenant's API keys: name, role, stores, created, revoked and last-used times; never their text.");
        group.MapDelete("/{keyId}", RevokeAsync).WithName("RevokeKey")
            .WithSummary("Revokes a key: refused at once on this host, within the key cache time on the others.");
        return routes;
    }

    private static Ok<IdentityResponse> Me(HttpContext http, [AsParameters] TenantGrains tenant) =>
        TypedResults.Ok(new IdentityResponse(tenant.TenantId, http.User.Role()!, http.User.StoreIds().Order(StringComparer.Ordinal).ToList()));

    private static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> CreateAsync(KeyBody? body, [AsParameters] TenantGrains tenant, TimeProvider time)
    {
        var errors = new RequestErrors();
        var (name, role, storeIds) = Validate(body, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (keyId, text) = ApiKeyText.Generate(tenant.TenantId);
        var entry = new AccessKeyEntry(keyId, name, role, storeIds, ApiKeyText.Digest(text), time.GetUtcNow(), null, null);
        return await tenant.OfTenant<IAccessKeysGrain>().Add(entry) switch
        {
            AccessKeyAddOutcome.Added => TypedResults.Created($"/api/v1/keys/{keyId}", new CreatedKeyResponse(text, KeyResponse.Of(entry))),
            AccessKeyAddOutcome.LimitReached => ProblemResults.Conflict($"the tenant holds {AccessLimits.KeysPerTenantMax} keys, the most it may; revoked keys count too"),
            var other => throw new InvalidOperationException($"a fresh random key id answered {other}"),
        };
    }

    private static async Task<Ok<IReadOnlyList<KeyResponse>>> ListAsync([AsParameters] TenantGrains tenant) =>
        TypedResults.Ok<IReadOnlyList<KeyResponse>>((await tenant.OfTenant<IAccessKeysGrain>().List()).Select(KeyResponse.Of).ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string keyId, [AsParameters] TenantGrains tenant, AccessKeyCache cache)
    {
        if (!ApiKeyText.IsKeyId(keyId))
        {
            var errors = new RequestErrors();
            errors.Add("keyId", "is not a key id");
            return errors.ToProblem();
        }

        if (!await tenant.OfTenant<IAccessKeysGrain>().Revoke(keyId))
        {
            return ProblemResults.NotFound($"no key '{keyId}'");
        }

        cache.Forget(tenant.TenantId, keyId);
        return TypedResults.NoContent();
    }

    private static (string Name, string Role, IReadOnlyList<string> StoreIds) Validate(KeyBody? body, RequestErrors errors)
    {
        if (body is null)
        {
            errors.Add("body", "is required");
            return ("", "", []);
        }

        var name = body.Name ?? "";
        if (name.Length == 0)
        {
            errors.Add("name", "is required");
        }
        else if (FreeText.Problem(name, AccessLimits.KeyNameLengthMax) is { } problem)
        {
            errors.Add("name", problem);
        }

        var role = body.Role ?? "";
        if (!AccessRoles.IsValid(role))
        {
            errors.Add("role", "must be " + AccessRoles.Description);
        }

        var storeIds = body.StoreIds ?? [];
        foreach (var failure in AccessOptionsValidator.StoreFailures(role, storeIds))
        {
            errors.Add("storeIds", failure["StoreIds".Length..].TrimStart(':', ' '));
        }

        return (name, role, storeIds.Distinct(StringComparer.Ordinal).ToList());
    }
}
