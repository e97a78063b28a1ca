using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Api.Access;

/// <summary>
/// Bearer tokens under the same failed-authentication limit as API keys (<see cref="FailedAuthenticationLimiter"/>):
/// a token that fails validation counts against the client address, and an address past its limit has its tokens
/// refused unread (429) until the window ends, as its keys are. A request without a token counts nothing.
/// </summary>
internal static class BearerFailureEvents
{
    public static JwtBearerEvents Create() => new()
    {
        OnMessageReceived = context =>
        {
            var limiter = context.HttpContext.RequestServices.GetRequiredService<FailedAuthenticationLimiter>();
            if (HasToken(context.Request) && limiter.IsBlocked(context.HttpContext))
            {
                context.HttpContext.Items[ApiKeyAuthenticationHandler.RateLimitedItem] = true;
                context.HttpContext.Items[ApiKeyAuthenticationHandler.FailureItem] = FailedAuthenticationLimiter.BlockedReason;
                context.Fail(FailedAuthenticationLimiter.BlockedReason);
            }

            return Task.CompletedTask;
        },
        OnAuthenticationFailed = context =>
        {
            context.HttpContext.RequestServices.GetRequiredService<FailedAuthenticationLimiter>().NoteFailure(context.HttpContext);
            return Task.CompletedTask;
        },
    };

    private static bool HasToken(HttpRequest request) =>
        request.Headers.Authorization is [{ } value] && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && value.Length > "Bearer ".Length;
}
