namespace Allocation.Grains.Stock;

/// <summary>
/// What a pick does to a SKU-store's on hand: CorrectionUnits raise it to what the picker found (the book believed
/// fewer), WriteOffUnits lower it by missing units the book still counted; MissingUnits leave the commitment.
/// </summary>
internal readonly record struct PickFoundPlan(int CorrectionUnits, int WriteOffUnits, int MissingUnits);
