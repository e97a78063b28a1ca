namespace Allocation.Grains.Stock;

/// <summary>Assertions on state. A failure is a bug, never an expected outcome: it throws and the grain stops.</summary>
internal static class Invariant
{
    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Invariant broken: " + message);
        }
    }
}
