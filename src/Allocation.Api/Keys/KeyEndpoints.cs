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
            .WithSummary("Revokes a key, stored or configured (cfg-…): refused at once on this host, within the key cache time on the others.");
        group.MapPost("/{keyId}/rotate", RotateAsync).WithName("RotateKey")
            .WithSummary("Creates a key like this one (text shown once) and retires this one after overlapSeconds (default a day, at most a week): both work during the hand-over.");
        return routes;
    }

    private static Ok<IdentityResponse> Me(HttpContext http, [AsParameters] TenantGrains tenant) =>
        TypedResults.Ok(new IdentityResponse(tenant.TenantId, http.User.Role()!, http.User.StoreIds().Order(StringComparer.Ordinal).ToList()));

    private static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> CreateAsync(KeyBody? body, [AsParameters] TenantGrains tenant, TimeProvider time, AccessKeyCache cache)
    {
        var errors = new RequestErrors();
        var (name, role, storeIds) = Validate(body, errors);
        var now = time.GetUtcNow();
        ValidateExpiry(body?.ExpiresAt, now, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (keyId, text) = ApiKeyText.Generate(tenant.TenantId);
        var entry = new AccessKeyEntry(keyId, name, role, storeIds, ApiKeyText.Digest(text), now, null, null, body!.ExpiresAt);
        var outcome = await tenant.OfTenant<IAccessKeysGrain>().Add(entry);
        if (outcome == AccessKeyAddOutcome.Added)
        {
            cache.NoteTenant(tenant.TenantId);
            cache.Forget(tenant.TenantId);
        }

        return outcome switch
        {
            AccessKeyAddOutcome.Added => TypedResults.Created($"/api/v1/keys/{keyId}", new CreatedKeyResponse(text, KeyResponse.Of(entry))),
            AccessKeyAddOutcome.LimitReached => ProblemResults.Conflict($"the tenant holds {AccessLimits.KeysPerTenantMax} keys, the most it may; revoked keys count too"),
            AccessKeyAddOutcome.TenantLimitReached => ProblemResults.Conflict($"the cluster holds keys of {AccessLimits.TenantsMax} tenants, the most it may"),
            var other => throw new InvalidOperationException($"a fresh random key id answered {other}"),
        };
    }

    private static async Task<Ok<IReadOnlyList<KeyResponse>>> ListAsync([AsParameters] TenantGrains tenant, AccessKeyCache cache)
    {
        var stored = await tenant.OfTenant<IAccessKeysGrain>().List();
        var byId = stored.ToDictionary(entry => entry.KeyId, StringComparer.Ordinal);
        var configured = cache.ConfiguredOf(tenant.TenantId).Select(key => KeyResponse.Of(key, byId.GetValueOrDefault(AccessKeyCache.ConfiguredKeyId(key))));
        var own = stored.Where(entry => !entry.KeyId.StartsWith(AccessKeyCache.ConfiguredKeyIdPrefix, StringComparison.Ordinal)).Select(KeyResponse.Of);
        return TypedResults.Ok<IReadOnlyList<KeyResponse>>(configured.Concat(own).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string keyId, [AsParameters] TenantGrains tenant, AccessKeyCache cache, TimeProvider time)
    {
        if (KeyIdProblem(keyId) is { } problem)
        {
            return problem;
        }

        var keys = tenant.OfTenant<IAccessKeysGrain>();
        var found = keyId.StartsWith(AccessKeyCache.ConfiguredKeyIdPrefix, StringComparison.Ordinal)
            ? await RevokeConfiguredAsync(keyId, tenant.TenantId, keys, cache, time)
            : await keys.Revoke(keyId);
        // After the grain stored the revocation: no read of the keys that began before it is used from here on.
        cache.Forget(tenant.TenantId);
        return found ? TypedResults.NoContent() : ProblemResults.NotFound($"no key '{keyId}'");
    }

    /// <summary>A configured key is revoked by storing a revoked entry under its id (configuration cannot be changed at run time).</summary>
    private static async Task<bool> RevokeConfiguredAsync(string keyId, string tenantId, IAccessKeysGrain keys, AccessKeyCache cache, TimeProvider time)
    {
        var key = cache.ConfiguredOf(tenantId).FirstOrDefault(configured => AccessKeyCache.ConfiguredKeyId(configured) == keyId);
        if (key is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var tombstone = new AccessKeyEntry(keyId, key.Name, key.Role, key.StoreIds, Convert.FromHexString(key.KeySha256), now, now, null);
        var outcome = await keys.Add(tombstone);
        cache.NoteTenant(tenantId);
        return outcome switch
        {
            AccessKeyAddOutcome.Added or AccessKeyAddOutcome.AlreadyExists => true,
            _ => throw new InvalidOperationException($"revoking configured key {keyId} answered {outcome}"),
        };
    }

    private static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> RotateAsync(
        string keyId, RotateKeyBody? body, [AsParameters] TenantGrains tenant, AccessKeyCache cache, TimeProvider time)
    {
        if (KeyIdProblem(keyId) is { } problem)
        {
            return problem;
        }

        var errors = new RequestErrors();
        var overlapSeconds = body?.OverlapSeconds ?? AccessLimits.RotationOverlapSecondsDefault;
        if (overlapSeconds is < 0 or > AccessLimits.RotationOverlapSecondsMax)
        {
            errors.Add("overlapSeconds", $"must be 0-{AccessLimits.RotationOverlapSecondsMax} (seconds the old key keeps working)");
        }

        var now = time.GetUtcNow();
        ValidateExpiry(body?.ExpiresAt, now, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var keys = tenant.OfTenant<IAccessKeysGrain>();
        var retiring = (await keys.List()).FirstOrDefault(entry => entry.KeyId == keyId);
        if (retiring is null || keyId.StartsWith(AccessKeyCache.ConfiguredKeyIdPrefix, StringComparison.Ordinal))
        {
            return ProblemResults.NotFound($"no stored key '{keyId}' (configured keys are replaced in configuration)");
        }

        var (newKeyId, text) = ApiKeyText.Generate(tenant.TenantId);
        var replacement = new AccessKeyEntry(newKeyId, retiring.Name, retiring.Role, retiring.StoreIds, ApiKeyText.Digest(text), now, null, null, body?.ExpiresAt);
        var outcome = await keys.Rotate(keyId, replacement, now.AddSeconds(overlapSeconds));
        cache.Forget(tenant.TenantId);
        return outcome switch
        {
            AccessKeyRotateOutcome.Rotated => TypedResults.Created($"/api/v1/keys/{newKeyId}", new CreatedKeyResponse(text, KeyResponse.Of(replacement))),
            AccessKeyRotateOutcome.NotFound => ProblemResults.NotFound($"no stored key '{keyId}'"),
            AccessKeyRotateOutcome.NotLive => ProblemResults.Conflict($"key '{keyId}' is revoked or expired: create a new key instead"),
            AccessKeyRotateOutcome.LimitReached => ProblemResults.Conflict($"the tenant holds {AccessLimits.KeysPerTenantMax} keys, the most it may; revoked keys count too"),
            var other => throw new InvalidOperationException($"rotating {keyId} answered {other}"),
        };
    }

    private static ProblemHttpResult? KeyIdProblem(string keyId)
    {
        if (ApiKeyText.IsKeyId(keyId))
        {
            return null;
        }

        var errors = new RequestErrors();
        errors.Add("keyId", "is not a key id");
        return errors.ToProblem();
    }

    private static void ValidateExpiry(DateTimeOffset? expiresAt, DateTimeOffset now, RequestErrors errors)
    {
        if (expiresAt is { } expiry && (expiry <= now || expiry > now.AddDays(AccessLimits.KeyLifetimeDaysMax)))
        {
            errors.Add("expiresAt", $"must be in the future and at most {AccessLimits.KeyLifetimeDaysMax} days away");
        }
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
