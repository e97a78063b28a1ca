namespace Allocation.Planning.Model;

/// <summary>Sizes and time limits of one planning call, each with its unit in the name; see <see cref="Validate"/>.</summary>
/// <param name="SolveTimeLimitMilliseconds">Wall-clock budget of the batch planner (the online planner is bounded by its sizes).</param>
/// <param name="OrdersMax">Most orders accepted in one request.</param>
/// <param name="LinesPerOrderMax">Most lines per order.</param>
/// <param name="QuantityPerLineMax">Most units per line.</param>
/// <param name="CandidateSourcesPerOrderMax">Nearest (cheapest) feasible source locations considered per order.</param>
/// <param name="SplitsPerOrderMax">Most extra source locations per order (0 = one source only).</param>
/// <param name="ReadinessWindowMinutes">The order must be ready for pickup within this many minutes of payment.</param>
/// <param name="ExactSolveOrdersMax">Batch requests with at most this many movable orders are also solved exactly with CP-SAT.</param>
public sealed record PlanningLimits(
    int SolveTimeLimitMilliseconds = 1000,
    int OrdersMax = 20_000,
    int LinesPerOrderMax = 50,
    int QuantityPerLineMax = 1000,
    int CandidateSourcesPerOrderMax = 8,
    int SplitsPerOrderMax = 2,
    int ReadinessWindowMinutes = 24 * 60,
    int ExactSolveOrdersMax = 40)
{
    /// <summary>Largest accepted solve time limit.</summary>
    public const int SolveTimeLimitMillisecondsMax = 600_000;

    /// <summary>Largest accepted order count.</summary>
    public const int OrdersMaxLimit = 1_000_000;

    /// <summary>Largest accepted candidate count (the exact per-order search enumerates subsets of them).</summary>
    public const int CandidateSourcesPerOrderMaxLimit = 64;

    /// <summary>Largest accepted split count.</summary>
    public const int SplitsPerOrderMaxLimit = 4;

    /// <summary>Longest accepted readiness window (7 days).</summary>
    public const int ReadinessWindowMinutesMax = 7 * 24 * 60;

    /// <summary>Largest accepted exact-solve size.</summary>
    public const int ExactSolveOrdersMaxLimit = 500;

    /// <summary>The default limits (24 h window, 2 splits, 8 candidates, 1 s).</summary>
    public static PlanningLimits Default { get; } = new();

    /// <summary>Problems with the limits, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(SolveTimeLimitMilliseconds, 1, SolveTimeLimitMillisecondsMax, nameof(SolveTimeLimitMilliseconds), errors);
        Check(OrdersMax, 1, OrdersMaxLimit, nameof(OrdersMax), errors);
        Check(LinesPerOrderMax, 1, 10_000, nameof(LinesPerOrderMax), errors);
        Check(QuantityPerLineMax, 1, 1_000_000, nameof(QuantityPerLineMax), errors);
        Check(CandidateSourcesPerOrderMax, 1, CandidateSourcesPerOrderMaxLimit, nameof(CandidateSourcesPerOrderMax), errors);
        Check(SplitsPerOrderMax, 0, SplitsPerOrderMaxLimit, nameof(SplitsPerOrderMax), errors);
        Check(ReadinessWindowMinutes, 1, ReadinessWindowMinutesMax, nameof(ReadinessWindowMinutes), errors);
        Check(ExactSolveOrdersMax, 0, ExactSolveOrdersMaxLimit, nameof(ExactSolveOrdersMax), errors);
        return errors;
    }

    private static void Check(int value, int minimum, int maximum, string name, List<string> errors)
    {
        if (value < minimum || value > maximum)
        {
            errors.Add($"limits.{char.ToLowerInvariant(name[0])}{name[1..]}: {value} is not within {minimum}..{maximum}");
        }
    }
}
