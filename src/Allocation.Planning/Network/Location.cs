namespace Allocation.Planning.Network;

/// <summary>A store or distribution centre that can hold stock, pick orders and (if click-and-collect) hand them over.</summary>
/// <param name="Id">Stable identifier, e.g. <c>S001</c> or <c>DC01</c>.</param>
/// <param name="City">City name; locations in the same city are linked by courier when no lane is given.</param>
/// <param name="Latitude">Degrees, -90..90.</param>
/// <param name="Longitude">Degrees, -180..180.</param>
/// <param name="Kind">Store or distribution centre.</param>
/// <param name="ClickAndCollect">Whether customers may pick up orders here.</param>
/// <param name="OpeningHours">Weekly opening periods in local time; picking and hand-over happen only while open.</param>
/// <param name="PickCapacityPerHour">Orders picked per hour while open (one pick = one order's lines at this location).</param>
/// <param name="TimeZoneId">IANA time zone id, e.g. <c>Asia/Shanghai</c>.</param>
public sealed record Location(
    string Id,
    string City,
    double Latitude,
    double Longitude,
    LocationKind Kind,
    bool ClickAndCollect,
    IReadOnlyList<OpeningPeriod> OpeningHours,
    int PickCapacityPerHour,
    string TimeZoneId);
