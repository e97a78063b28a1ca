using Allocation.Contracts.Sourcing;
using Allocation.Planning.Network;

namespace Allocation.Grains.Sourcing;

/// <summary>The pickup stores a product-page question covers: a city's, or those within a radius of a store, nearest first.</summary>
internal static class PromiseArea
{
    public static List<Location> PickupStores(StoreNetwork network, SkuPromiseRequest request)
    {
        if (request.City is { } city)
        {
            return [.. network.Locations
                .Where(location => location.ClickAndCollect && string.Equals(location.City, city, StringComparison.OrdinalIgnoreCase))
                .OrderBy(location => location.Id, StringComparer.Ordinal)
                .Take(PromiseLimits.StoresPerAreaMax)];
        }

        var centre = network.Locations.FirstOrDefault(location => string.Equals(location.Id, request.NearStoreId, StringComparison.Ordinal));
        if (centre is null)
        {
            return [];
        }

        return [.. network.Locations
            .Where(location => location.ClickAndCollect)
            .Select(location => (location, kilometres: LaneDerivation.DistanceKilometres(centre, location)))
            .Where(item => item.kilometres <= request.RadiusKilometres)
            .OrderBy(item => item.kilometres)
            .ThenBy(item => item.location.Id, StringComparer.Ordinal)
            .Take(PromiseLimits.StoresPerAreaMax)
            .Select(item => item.location)];
    }
}
