namespace Allocation.Planning.Network;

/// <summary>What a location is; only stores can be click-and-collect pickup points.</summary>
public enum LocationKind
{
    /// <summary>A shop customers walk into.</summary>
    Store,

    /// <summary>A warehouse that ships to stores and never serves customers directly.</summary>
    DistributionCentre,
}
