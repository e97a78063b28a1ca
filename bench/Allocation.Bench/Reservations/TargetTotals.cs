namespace Allocation.Bench.Reservations;

/// <summary>Per-key counts read back from a target; index i is key i of the current set.</summary>
internal sealed record TargetTotals(long[] OnHand, long[] Held, long[] Committed)
{
    public int KeyCount => OnHand.Length;

    public long Available(int keyIndex) => OnHand[keyIndex] - Held[keyIndex] - Committed[keyIndex];
}
