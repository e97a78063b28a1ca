using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

/// <summary>A receipt or sale the harness posted. Applied is null while no answer came (resolved by re-sending the same document).</summary>
public sealed record MovementRecord(MovementKind Kind, SkuStore SkuStore, int Quantity, string DocumentId)
{
    public bool? Applied { get; set; }

    /// <summary>Promised units this movement left uncovered (a POS sale of units checkout had reserved).</summary>
    public int ShortfallCaused { get; set; }
}
