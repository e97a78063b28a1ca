using Microsoft.Playwright;
using System.Text.Json;

namespace Allocation.Page.Tests.Support;

/// <summary>
/// Answers the page's store calls from the browser itself (Playwright routing), in the shapes of
/// docs/store-operations.md, for tests of how the page shows things (layout, colours, problems, credentials) rather
/// than of what the service does; the flow tests use the real routes.
/// </summary>
public sealed class StoreApiStub
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public object PickList { get; set; } = new { waves = Array.Empty<object>(), unassigned = Array.Empty<object>(), waveOrdersMax = 10 };

    public object Transfers { get; set; } = new { outbound = Array.Empty<object>(), inbound = Array.Empty<object>() };

    public object Orders { get; set; } = new { counts = new Dictionary<string, int>(), orders = Array.Empty<object>() };

    public Task InstallAsync(IPage page, string storeId) => Task.WhenAll(
        page.RouteAsync($"**/api/v1/stores/{storeId}/pick-list", route => Answer(route, 200, PickList)),
        page.RouteAsync($"**/api/v1/stores/{storeId}/transfers", route => Answer(route, 200, Transfers)),
        page.RouteAsync($"**/api/v1/stores/{storeId}/orders", route => Answer(route, 200, Orders)));

    public static Task Answer(IRoute route, int status, object body) => route.FulfillAsync(new RouteFulfillOptions
    {
        Status = status,
        ContentType = status >= 400 ? "application/problem+json" : "application/json",
        Body = JsonSerializer.Serialize(body, Json),
    });

    public static object Line(string orderId, string sku, int quantity, string pickupStoreId, DateTimeOffset readyBy, string state = "Committed") =>
        new { orderId, sku, quantity, pickupStoreId, pickHour = readyBy.AddHours(-3), readyBy, state };
}
