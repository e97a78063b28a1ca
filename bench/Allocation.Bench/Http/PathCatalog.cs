namespace Allocation.Bench.Http;

/// <summary>The names <c>--paths</c> takes, the rows each one adds, and the label each row prints under.</summary>
internal static class PathCatalog
{
    public const string InMemoryName = "memory";
    public const string AnchorName = "anchor";

    public static readonly IReadOnlyList<(string Name, PathShape Shape)> Shapes =
    [
        ("named", PathShape.Named),
        ("hot", PathShape.Hot),
        ("solver", PathShape.SolverChosen),
        ("basket", PathShape.Basket),
        ("confirm", PathShape.ReserveConfirm),
        ("stock", PathShape.StockRead),
    ];

    /// <summary>The in-memory row of the issue: named and solver-chosen on the same host with nothing stored.</summary>
    public static readonly IReadOnlyList<PathShape> InMemoryShapes = [PathShape.Named, PathShape.SolverChosen];

    /// <summary>The anchor cannot choose a store; a stock read through it would be a Redis read, not the service's ceiling.</summary>
    public static readonly IReadOnlyList<PathShape> AnchorShapes = [PathShape.Named, PathShape.Hot, PathShape.Basket, PathShape.ReserveConfirm];

    public static IReadOnlyList<string> Names => [.. Shapes.Select(shape => shape.Name), InMemoryName, AnchorName];

    public static IReadOnlyList<PathShape> DurableRows(IReadOnlyList<string> chosen) =>
        Shapes.Where(shape => chosen.Contains(shape.Name)).Select(shape => shape.Shape).ToList();

    public static IReadOnlyList<PathShape> InMemoryRows(IReadOnlyList<string> chosen) => chosen.Contains(InMemoryName) ? InMemoryShapes : [];

    /// <summary>The anchor's shapes among the chosen paths; all of them when only "anchor" names a shape-less choice.</summary>
    public static IReadOnlyList<PathShape> AnchorRows(IReadOnlyList<string> chosen)
    {
        if (!chosen.Contains(AnchorName))
            return [];
        var durable = DurableRows(chosen);
        return durable.Count == 0 ? AnchorShapes : AnchorShapes.Where(durable.Contains).ToList();
    }

    public static string Label(PathShape shape) => shape switch
    {
        PathShape.Named => "named store (catalogue)",
        PathShape.Hot => "hot SKU-store",
        PathShape.SolverChosen => "solver-chosen",
        PathShape.Basket => "basket of 3 lines",
        PathShape.ReserveConfirm => "reserve+confirm (pairs)",
        PathShape.StockRead => "GET stock (HTTP ceiling)",
        _ => shape.ToString(),
    };

    public static string Label(TargetKind target) => target switch
    {
        TargetKind.Durable => "service, PostgreSQL",
        TargetKind.InMemory => "service, in-memory",
        TargetKind.Anchor => "anchor (minimal API + Redis Lua, fsync always)",
        _ => target.ToString(),
    };

    /// <summary>
    /// Unique to this run (its start, base 36), so ids never repeat across runs against the same store; a repeated id
    /// would answer 200 (repeat) or 409 (other body) instead of a new hold.
    /// </summary>
    private static readonly string RunTag = ToBase36((DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond) + Environment.ProcessId);

    /// <summary>Short tag in reservation ids, so a failure names the run and the row it came from.</summary>
    public static string Tag(TargetKind target, PathShape shape, RowMode mode) =>
        $"{RunTag}-{target switch { TargetKind.Durable => "d", TargetKind.InMemory => "m", _ => "a" }}{(int)shape}{mode switch { RowMode.WarmUp => "w", RowMode.Closed => "c", _ => "o" }}";

    private static string ToBase36(long value)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var text = new System.Text.StringBuilder();
        for (; value > 0; value /= digits.Length)
            text.Insert(0, digits[(int)(value % digits.Length)]);
        return text.ToString();
    }
}
