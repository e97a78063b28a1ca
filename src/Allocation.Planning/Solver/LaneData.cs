using Allocation.Planning.Model;
using Allocation.Planning.Network;

namespace Allocation.Planning.Solver;

/// <summary>A lane compiled to integers: cents, minutes and departure minutes of day (empty = on demand).</summary>
internal readonly record struct LaneData(int LeadMinutes, long UnitCostCents, long ShipmentCostCents, int[] DepartureMinutesOfDay)
{
    public static LaneData Local { get; } = new(0, 0, 0, []);

    public static LaneData From(Lane lane) => new(
        lane.LeadTimeMinutes,
        Money.ToCents(lane.CostPerUnit),
        Money.ToCents(lane.CostPerShipment),
        lane.Departures.Select(departure => (departure.Hour * 60) + departure.Minute).Distinct().Order().ToArray());
}
