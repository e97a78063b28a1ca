using Allocation.Api.Problems;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Allocation.Api.Access;

/// <summary>
/// 401 and 403 as problem details that say what is missing (a credential, a valid one, a role, this store), never
/// which tenants, stores or keys exist.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged && context.Items.ContainsKey(ApiKeyAuthenticationHandler.RateLimitedItem))
        {
            context.Response.Headers.RetryAfter = FailedAuthenticationLimiter.WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many failed authentications", (string)context.Items[ApiKeyAuthenticationHandler.FailureItem]!, ProblemTypes.TooManyRequests);
            return;
        }

        if (authorizeResult.Challenged)
        {
            var why = context.Items[ApiKeyAuthenticationHandler.FailureItem] as string
                ?? (context.Request.Headers.Authorization.Count > 0 ? "the bearer token is not valid" : $"this route needs a credential: an {ApiKeyAuthenticationHandler.HeaderName} header or a bearer token");
            context.Response.Headers.WWWAuthenticate = $"{ApiKeyAuthenticationHandler.SchemeName}, Bearer";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentication required", why, ProblemTypes.Unauthenticated);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(reason => reason.Message).Distinct(StringComparer.Ordinal).ToList() ?? [];
            var why = reasons.Count > 0 ? string.Join("; ", reasons) : "the credential may not do this";
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Not allowed", why, ProblemTypes.Forbidden);
            return;
        }

        await standard.HandleAsync(next, context, policy, authorizeResult);
    }

    private async Task WriteAsync(HttpContext context, int status, string title, string detail, string type)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = type },
        });
    }
}
