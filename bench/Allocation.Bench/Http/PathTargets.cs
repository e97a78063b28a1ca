namespace Allocation.Bench.Http;

/// <summary>Issue 9's throughput targets for the durable service, as ratios to the anchor in the same run.</summary>
internal static class PathTargets
{
    public const double NamedRatioToAnchorMin = 0.5;
    public const double HotRatioToAnchorMin = 0.4;
    public const double SolverChosenRatioToAnchorMin = 0.3;

    /// <summary>The minimum ratio for a shape, or null where the issue sets none (basket, reserve+confirm, the GET ceiling).</summary>
    public static double? RatioToAnchorMin(PathShape shape) => shape switch
    {
        PathShape.Named => NamedRatioToAnchorMin,
        PathShape.Hot => HotRatioToAnchorMin,
        PathShape.SolverChosen => SolverChosenRatioToAnchorMin,
        _ => null,
    };
}
