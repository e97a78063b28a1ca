namespace Allocation.Planning.Network;

/// <summary>A transfer lane: goods picked at <see cref="FromId"/> leave on the next departure and arrive after the lead time.</summary>
/// <param name="FromId">Source location id.</param>
/// <param name="ToId">Destination location id.</param>
/// <param name="LeadTimeMinutes">Minutes from departure to arrival (a shuttle leaving 18:00 and arriving 06:00 is 720).</param>
/// <param name="CostPerUnit">Cost per unit moved.</param>
/// <param name="CostPerShipment">Cost per shipment (one per order and source).</param>
/// <param name="Departures">Departure times of day in the source's local time; empty means on demand (courier).</param>
public sealed record Lane(
    string FromId,
    string ToId,
    int LeadTimeMinutes,
    decimal CostPerUnit,
    decimal CostPerShipment,
    IReadOnlyList<TimeOnly> Departures);
