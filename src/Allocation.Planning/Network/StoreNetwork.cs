namespace Allocation.Planning.Network;

/// <summary>
/// Locations and explicit transfer lanes. Pairs without an explicit lane get one derived from distance by
/// <see cref="LaneDerivation"/>.
/// </summary>
public sealed record StoreNetwork(IReadOnlyList<Location> Locations, IReadOnlyList<Lane> Lanes)
{
    /// <summary>Every problem found, each naming its field, e.g. <c>lanes[3].to: unknown location 'S999'</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate() => NetworkValidator.Validate(this);
}
