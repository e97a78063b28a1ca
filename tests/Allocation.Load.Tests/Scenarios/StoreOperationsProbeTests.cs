using Allocation.Load.Scenarios;

namespace Allocation.Load.Tests.Scenarios;

public sealed class StoreOperationsProbeTests
{
    private static readonly string[] Required = ["GET /api/v1/stores/{storeId}/pick-lists", "POST /api/v1/orders/{orderId}/ready"];

    [Fact]
    public void SkipReason_RoutesMissing_NamesThem()
    {
        var reason = StoreOperationsProbe.SkipReason(Required, new HashSet<string> { "GET /api/v1/stores/{storeId}/picks", "POST /api/v1/orders/{orderId}/ready" });

        Assert.Equal("the service has no store-operations API yet (missing GET /api/v1/stores/{storeId}/pick-lists)", reason);
    }

    [Fact]
    public void SkipReason_EveryRoutePresent_SaysTheDriverIsMissing()
    {
        var reason = StoreOperationsProbe.SkipReason(Required, new HashSet<string>(Required));

        Assert.Contains("no store-staff driver", reason, StringComparison.Ordinal);
    }
}
