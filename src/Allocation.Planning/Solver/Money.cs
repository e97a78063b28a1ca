namespace Allocation.Planning.Solver;

/// <summary>The solvers work in whole cents so that costs add up exactly and fit integer solvers.</summary>
internal static class Money
{
    public static long ToCents(decimal amount) => (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);

    public static decimal FromCents(long cents) => cents / 100m;
}
