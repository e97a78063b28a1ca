using Allocation.Api.Access;
using Allocation.Contracts;
using Allocation.Contracts.Orders;
using Allocation.Contracts.Webhooks;

namespace Allocation.Api.Webhooks;

/// <summary>Tenant webhooks: customer events posted at least once, signed (X-Allocation-Signature), retried with backoff.</summary>
public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(AccessPolicies.Admin);
        group.MapPut("/{name}", PutAsync).WithName("PutWebhook")
            .WithSummary("Creates or replaces a webhook: url, signing secret, event types (empty: all). A new one hears of events from now on.");
        group.MapGet("/{name}", GetAsync).WithName("GetWebhook")
            .WithSummary("A webhook and its delivery position (never its secret).");
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Stops and removes a webhook.");
        return routes;
    }

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> PutAsync(
        string name, WebhookBody? body, [AsParameters] TenantGrains tenant, IOptions<WebhookDestinationOptions> destinations, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        errors.Identifier("name", name);
        var subscription = Validate(body, errors);
        if (!errors.Any && !destinations.Value.AllowPrivateDestinations && await DestinationProblemAsync(new Uri(subscription.Url), cancellationToken) is { } problem)
        {
            errors.Add("url", problem);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await tenant.OfTenant<IWebhookGrain>().Put(name, subscription) is { } view
            ? TypedResults.Ok(view)
            : ProblemResults.Conflict($"at most {WebhookLimits.WebhooksMax} webhooks per tenant");
    }

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(string name, [AsParameters] TenantGrains tenant)
    {
        var errors = new RequestErrors();
        errors.Identifier("name", name);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await tenant.OfTenant<IWebhookGrain>().Get(name) is { } view ? TypedResults.Ok(view) : ProblemResults.NotFound($"no webhook '{name}'");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, [AsParameters] TenantGrains tenant)
    {
        var errors = new RequestErrors();
        errors.Identifier("name", name);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await tenant.OfTenant<IWebhookGrain>().Delete(name) ? TypedResults.NoContent() : ProblemResults.NotFound($"no webhook '{name}'");
    }

    /// <summary>
    /// Why the address may not receive webhooks, or null: its host must be (or resolve only to) public addresses. The
    /// delivery checks the resolved address again each time, so a name re-pointed inward later is refused then.
    /// </summary>
    private static async Task<string?> DestinationProblemAsync(Uri url, CancellationToken cancellationToken)
    {
        System.Net.IPAddress[] addresses;
        try
        {
            addresses = System.Net.IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await System.Net.Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "must name a host that resolves (it did not, just now)";
        }

        return addresses.Length > 0 && addresses.All(WebhookDestinations.IsPublic) ? null : "must reach " + WebhookDestinations.Description;
    }

    private static WebhookSubscription Validate(WebhookBody? body, RequestErrors errors)
    {
        if (body is null)
        {
            errors.Add("body", "is required");
            return new WebhookSubscription("", "", []);
        }

        if (body.Url is null || body.Url.Length > WebhookLimits.UrlLengthMax || !Uri.TryCreate(body.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add("url", $"must be an absolute http or https address of at most {WebhookLimits.UrlLengthMax} characters");
        }

        if (body.Secret is null || body.Secret.Length < WebhookLimits.SecretLengthMin || body.Secret.Length > WebhookLimits.SecretLengthMax || FreeText.Problem(body.Secret, WebhookLimits.SecretLengthMax) is not null)
        {
            errors.Add("secret", $"must be {WebhookLimits.SecretLengthMin}-{WebhookLimits.SecretLengthMax} characters without control characters");
        }

        var types = body.EventTypes ?? [];
        for (var index = 0; index < types.Count; index++)
        {
            if (types[index] is not { } type || !OrderEventTypes.All.Contains(type))
            {
                errors.Add($"eventTypes[{index}]", "must be one of " + string.Join(", ", OrderEventTypes.All));
            }
        }

        return new WebhookSubscription(body.Url ?? "", body.Secret ?? "", [.. types.OfType<string>()]);
    }
}
