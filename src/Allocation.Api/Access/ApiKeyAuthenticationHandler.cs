using Allocation.Contracts.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using System.Security.Cryptography;
using System.Text.Encodings.Web;

namespace Allocation.Api.Access;

/// <summary>
/// Authenticates <c>X-Api-Key</c>: configured keys by the digest of their text, stored keys by the tenant and key id
/// their text names, checked against the stored digest in constant time. Revoked and unknown keys fail alike, so a
/// caller learns nothing about which keys exist.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessKeyCache keys,
    FailedAuthenticationLimiter failures,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>The other way to send a key, for clients that can only set Authorization (a Prometheus scrape).</summary>
    public const string AuthorizationPrefix = "ApiKey ";

    /// <summary>Why authentication failed, for the 401 problem (what is wrong, never which keys exist).</summary>
    public const string FailureItem = "allocation.access.failure";

    /// <summary>Set when the client address made too many failed authentications: the answer is 429, not 401.</summary>
    public const string RateLimitedItem = "allocation.access.rate-limited";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            if (!IsApiKeyAuthorization(Request.Headers.Authorization))
            {
                return AuthenticateResult.NoResult();
            }

            values = Request.Headers.Authorization.ToString()[AuthorizationPrefix.Length..].Trim();
        }

        if (failures.IsBlocked(Context))
        {
            Context.Items[RateLimitedItem] = true;
            return Fail(FailedAuthenticationLimiter.BlockedReason);
        }

        var result = await AuthenticateKeyAsync(values);
        if (!result.Succeeded)
        {
            failures.NoteFailure(Context);
        }

        return result;
    }

    private async Task<AuthenticateResult> AuthenticateKeyAsync(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values is not [{ Length: > 0 } text] || text.Length > AccessLimits.KeyTextLengthMax)
        {
            return Fail("the X-Api-Key header must hold one key");
        }

        var digest = ApiKeyText.Digest(text);
        if (keys.FindOperator(digest) is not null)
        {
            return Success(AccessPrincipal.CreateOperator());
        }

        if (keys.FindConfigured(digest) is { } key)
        {
            // A configured key stays valid until an admin revokes it (a revoked entry under its cfg- id).
            return await keys.FindAsync(key.TenantId, AccessKeyCache.ConfiguredKeyId(key)) is { IsRevoked: true }
                ? Fail("the API key is not valid (unknown, revoked or expired)")
                : Success(AccessPrincipal.Create(key.TenantId, key.Role, key.StoreIds, keyId: null));
        }

        if (!ApiKeyText.TryParse(text, out var tenantId, out var keyId))
        {
            return Fail("the API key is not valid");
        }

        var entry = await keys.FindAsync(tenantId, keyId);
        if (entry is null || !entry.IsLiveAt(time.GetUtcNow()) || !CryptographicOperations.FixedTimeEquals(entry.KeySha256, digest))
        {
            return Fail("the API key is not valid (unknown, revoked or expired)");
        }

        keys.NoteUsed(tenantId, keyId);
        return Success(AccessPrincipal.Create(tenantId, entry.Role, entry.StoreIds, keyId));
    }

    public static bool IsApiKeyAuthorization(Microsoft.Extensions.Primitives.StringValues authorization) =>
        authorization is [{ } value] && value.StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase);

    private static AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    private AuthenticateResult Fail(string why)
    {
        Context.Items[FailureItem] = why;
        return AuthenticateResult.Fail(why);
    }
}
