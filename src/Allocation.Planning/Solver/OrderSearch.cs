using Allocation.Planning.Network;
using System.Numerics;

namespace Allocation.Planning.Solver;

/// <summary>
/// Exact best allocation of a single order against the residual stock and capacity: enumerates every set of at most
/// SplitsPerOrderMax + 1 sources among the order's candidates and fills each SKU from the set's cheapest sources first.
/// For a fixed set that fill is optimal, so the minimum over all sets is the order's optimum (given its candidates).
/// </summary>
internal static class OrderSearch
{
    /// <summary>Guards against candidate and split limits so large that enumeration would explode.</summary>
    public const int SubsetEvaluationsMax = 200_000;

    public readonly record struct Candidate(int Location, int Bucket, long Ready, long UnitCents, long FixedCents);

    /// <summary>
    /// Past the K cheapest, a basket's scan goes on until each of its SKUs is held by at least this many candidates: the
    /// K cheapest holders of any line are often all holders of its common SKUs, and a line whose units sit only further
    /// away then had no source at all (measured on 2,000 baskets at stock 1.0x: most of the fill lost against the bound).
    /// </summary>
    public const int CandidatesPerSkuMin = 2;

    /// <summary>
    /// Sources past the K cheapest whose hours a basket's scan may try: a line with no holder that can make the deadline
    /// would otherwise send the scan through every holder in the network (online p99 rose from 0.5-0.8 to 2.2-3.3 ms
    /// on 10,000 baskets without this cap).
    /// </summary>
    public const int ExtraSourcesTriedMax = 8;

    /// <summary>
    /// The K cheapest sources holding some of the order's SKUs that can pick and deliver by the deadline, and for a
    /// basket further ones until every SKU has <see cref="CandidatesPerSkuMin"/> holders among them.
    /// </summary>
    public static List<Candidate> Candidates(PlanContext context, PreparedOrder order, long deadlineMinute, int candidatesMax)
    {
        var candidates = new List<Candidate>(Math.Min(candidatesMax, context.Network.Count));
        var sourcesByCost = context.Network.Row(order.Pickup).SourcesByCost;
        var holders = HolderBits(context, order);
        Span<int> holdersPerSku = stackalloc int[order.Skus.Length];
        var extraTried = 0;
        for (var word = 0; word < holders.Length; word++)
        {
            for (var bits = holders[word]; bits != 0; bits &= bits - 1)
            {
                var source = sourcesByCost[(word << 6) + BitOperations.TrailingZeroCount(bits)];
                var full = candidates.Count >= candidatesMax;
                if (full ? !HoldsUncovered(context, order, source, holdersPerSku) : !HoldsAny(context, order, source))
                {
                    continue;
                }

                if (full && ++extraTried > ExtraSourcesTriedMax)
                {
                    return candidates;
                }

                var (bucket, ready) = context.EarliestBucket(order, source, deadlineMinute);
                if (bucket < 0)
                {
                    continue;
                }

                candidates.Add(new Candidate(source, bucket, ready, context.UnitCents(source, order.Pickup), context.FixedCents(source, order.Pickup)));
                if (CountHolders(context, order, source, holdersPerSku) && candidates.Count >= candidatesMax)
                {
                    return candidates;
                }
            }
        }

        return candidates;
    }

    /// <summary>Counts the source for each SKU it holds; true when every SKU now has enough holders (or it is a single SKU).</summary>
    private static bool CountHolders(PlanContext context, PreparedOrder order, int source, Span<int> holdersPerSku)
    {
        var covered = true;
        for (var requirement = 0; requirement < order.Skus.Length; requirement++)
        {
            if (context.Stock(order.Skus[requirement], source) > 0)
            {
                holdersPerSku[requirement]++;
            }

            covered &= order.Skus.Length == 1 || holdersPerSku[requirement] >= CandidatesPerSkuMin;
        }

        return covered;
    }

    private static bool HoldsUncovered(PlanContext context, PreparedOrder order, int source, Span<int> holdersPerSku)
    {
        for (var requirement = 0; requirement < order.Skus.Length; requirement++)
        {
            if (holdersPerSku[requirement] < CandidatesPerSkuMin && context.Stock(order.Skus[requirement], source) > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sources that held any of the order's SKUs when first asked, as bits by cost rank for its pickup store.</summary>
    public static ulong[] HolderBits(PlanContext context, PreparedOrder order)
    {
        if (order.Skus.Length == 1)
        {
            return context.HolderBits(order.Pickup, order.Skus[0]);
        }

        var union = (ulong[])context.HolderBits(order.Pickup, order.Skus[0]).Clone();
        for (var requirement = 1; requirement < order.Skus.Length; requirement++)
        {
            var bits = context.HolderBits(order.Pickup, order.Skus[requirement]);
            for (var word = 0; word < union.Length; word++)
            {
                union[word] |= bits[word];
            }
        }

        return union;
    }

    /// <summary>Cheapest allocation ready by the order's own deadline among its usual candidates; null if none.</summary>
    public static Decision? Cheapest(PlanContext context, PreparedOrder order) =>
        Best(context, order, order.DeadlineMinute, earliestReady: false, context.Limits.CandidateSourcesPerOrderMax);

    /// <summary>Decides the order with its cheapest allocation (or none), charged to the context and recorded by its index.</summary>
    public static void Decide(PlanContext context, PreparedOrder order, Decision?[] decisions)
    {
        var decision = Cheapest(context, order);
        if (decision is not null)
        {
            context.Commit(order, decision);
        }

        decisions[order.Index] = decision;
    }

    /// <summary>Cheapest allocation ready by the deadline, or when <paramref name="earliestReady"/> the one ready soonest; null if none.</summary>
    public static Decision? Best(PlanContext context, PreparedOrder order, long deadlineMinute, bool earliestReady, int candidatesMax)
    {
        var candidates = Candidates(context, order, deadlineMinute, candidatesMax);
        return Best(context, order, candidates, earliestReady);
    }

    public static Decision? Best(PlanContext context, PreparedOrder order, List<Candidate> candidates, bool earliestReady)
    {
        if (candidates.Count == 0)
        {
            return null;
        }

        // Nothing beats the pickup store alone: no transfer, one pick, no split.
        var localIndex = candidates.FindIndex(candidate => candidate.Location == order.Pickup);
        if (!earliestReady && localIndex >= 0
            && order.Skus.Select((sku, requirement) => context.Stock(sku, order.Pickup) >= order.Quantities[requirement]).All(covered => covered))
        {
            var local = candidates[localIndex];
            SourceChoice[] sources = [new SourceChoice(local.Location, local.Bucket, local.Ready, [.. order.Quantities])];
            return new Decision(sources, context.CostCents(order, sources));
        }

        if (!CandidatesCoverEveryLine(context, order, candidates))
        {
            return null; // no set of them can hold the order: the enumeration would try every set in vain
        }

        candidates.Sort((left, right) => left.UnitCents != right.UnitCents ? left.UnitCents.CompareTo(right.UnitCents) : left.FixedCents.CompareTo(right.FixedCents));
        var search = new SubsetSearch(context, order, candidates, Math.Min(context.Limits.SplitsPerOrderMax + 1, candidates.Count), earliestReady);
        search.Run();
        return search.BestDecision;
    }

    private static bool CandidatesCoverEveryLine(PlanContext context, PreparedOrder order, List<Candidate> candidates)
    {
        for (var requirement = 0; requirement < order.Skus.Length; requirement++)
        {
            var units = 0;
            for (var index = 0; index < candidates.Count && units < order.Quantities[requirement]; index++)
            {
                units += context.Stock(order.Skus[requirement], candidates[index].Location);
            }

            if (units < order.Quantities[requirement])
            {
                return false;
            }
        }

        return true;
    }

    private static bool HoldsAny(PlanContext context, PreparedOrder order, int source)
    {
        foreach (var sku in order.Skus)
        {
            if (context.Stock(sku, source) > 0)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class SubsetSearch(PlanContext context, PreparedOrder order, List<Candidate> candidates, int sourcesMax, bool earliestReady)
    {
        private readonly int[] members = new int[sourcesMax];
        private readonly int[][] take = Enumerable.Range(0, sourcesMax).Select(_ => new int[order.Skus.Length]).ToArray();
        private readonly long[] fixedCentsOfMembers = new long[sourcesMax + 1];

        // Candidates are sorted by unit cost: no allocation pays less per unit than the first.
        private readonly long unitsCentsLeast = candidates.Count == 0 ? 0 : candidates[0].UnitCents * order.TotalUnits;
        private long bestPrimary = long.MaxValue;
        private long bestSecondary = long.MaxValue;
        private int evaluations;

        public Decision? BestDecision { get; private set; }

        public void Run() => Extend(0, 0);

        private void Extend(int start, int depth)
        {
            for (var index = start; index < candidates.Count && evaluations < SubsetEvaluationsMax; index++)
            {
                members[depth] = index;
                fixedCentsOfMembers[depth + 1] = fixedCentsOfMembers[depth] + candidates[index].FixedCents;
                // Any set holding these members costs at least their fixed costs, the split penalty and the cheapest
                // units: past the best found, neither it nor a larger set can win (ties are kept, ready time decides them).
                if (!earliestReady && fixedCentsOfMembers[depth + 1] + (context.SplitPenaltyCents * depth) + unitsCentsLeast > bestPrimary)
                {
                    continue;
                }

                Evaluate(depth + 1);
                if (depth + 1 < sourcesMax)
                {
                    Extend(index + 1, depth + 1);
                }
            }
        }

        private void Evaluate(int size)
        {
            evaluations++;
            for (var member = 0; member < size; member++)
            {
                Array.Clear(take[member]);
            }

            for (var requirement = 0; requirement < order.Skus.Length; requirement++)
            {
                var remaining = order.Quantities[requirement];
                for (var member = 0; member < size && remaining > 0; member++)
                {
                    var units = Math.Min(remaining, context.Stock(order.Skus[requirement], candidates[members[member]].Location));
                    take[member][requirement] = units;
                    remaining -= units;
                }

                if (remaining > 0)
                {
                    return;
                }
            }

            long cost = context.SplitPenaltyCents * (size - 1);
            long ready = 0;
            for (var member = 0; member < size; member++)
            {
                var units = take[member].Sum();
                if (units == 0)
                {
                    return; // the same allocation is evaluated for the smaller set without this source
                }

                var candidate = candidates[members[member]];
                cost += candidate.FixedCents + (candidate.UnitCents * units);
                ready = Math.Max(ready, candidate.Ready);
            }

            var (primary, secondary) = earliestReady ? (ready, cost) : (cost, ready);
            if (primary < bestPrimary || (primary == bestPrimary && secondary < bestSecondary))
            {
                bestPrimary = primary;
                bestSecondary = secondary;
                BestDecision = new Decision(
                    Enumerable.Range(0, size).Select(member =>
                    {
                        var candidate = candidates[members[member]];
                        return new SourceChoice(candidate.Location, candidate.Bucket, candidate.Ready, [.. take[member]]);
                    }).ToArray(),
                    cost);
            }
        }
    }
}
