using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace Allocation.Api.Access;

public static class AccessServiceCollectionExtensions
{
    /// <summary>The scheme every route authenticates with: API key when the header is there, else bearer token.</summary>
    public const string SchemeName = "Allocation";

    public static IServiceCollection AddAllocationAccess(this IServiceCollection services)
    {
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AccessKeyCache>();
        services.AddSingleton<FailedAuthenticationLimiter>();
        services.AddSingleton<IAuthorizationHandler, RoleAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "API key or bearer token", scheme => scheme.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) || ApiKeyAuthenticationHandler.IsApiKeyAuthorization(context.Request.Headers.Authorization)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AccessOptions>>((bearer, access) => ConfigureBearer(bearer, access.Value.Jwt));
        services.AddAuthorization(AccessPolicies.Add);
        return services;
    }

    private static void ConfigureBearer(JwtBearerOptions bearer, JwtAccessOptions jwt)
    {
        // Claims keep the names tokens carry (tenant, role, store), as API keys produce them.
        bearer.MapInboundClaims = false;
        bearer.Events = BearerFailureEvents.Create();
        bearer.Authority = string.IsNullOrEmpty(jwt.Authority) ? null : jwt.Authority;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            NameClaimType = AccessClaimTypes.Tenant,
            RoleClaimType = AccessClaimTypes.Role,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrEmpty(jwt.SigningKeyBase64))
        {
            bearer.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(jwt.SigningKeyBase64));
        }
        else if (!jwt.IsConfigured)
        {
            // No provider configured: no token can be valid; refuse them all instead of trying to discover keys.
            bearer.TokenValidationParameters.SignatureValidator = (_, _) => throw new SecurityTokenSignatureKeyNotFoundException("bearer tokens are not configured");
        }
    }
}
