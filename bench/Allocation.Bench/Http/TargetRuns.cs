using System.Globalization;

namespace Allocation.Bench.Http;

/// <summary>The rows of one target: each path at its maximum (closed loop), then each at half that rate (open model).</summary>
internal static class TargetRuns
{
    /// <summary>The open model runs at this share of the row's measured maximum, as the issue asks.</summary>
    public const double OpenModelShareOfMaximum = 0.5;

    /// <summary>An open-model rate below this is not worth a row (a row whose closed loop failed outright).</summary>
    private const double OpenModelRequestsPerSecondMin = 1;

    public static async Task<TargetRows> RunAsync(
        TargetKind target, HttpClient client, BenchCatalogue catalogue, IReadOnlyList<PathShape> shapes, HttpBenchmarkOptions options,
        TextWriter log, HostJitProbe? jit, CancellationToken cancellationToken)
    {
        var warmUp = await WarmUpAsync(target, client, catalogue, shapes, options, log, jit, cancellationToken);
        var closed = new List<RowResult>();
        foreach (var shape in shapes)
        {
            var planner = new RequestPlanner(shape, PathCatalog.Tag(target, shape, RowMode.Closed), catalogue);
            var row = await ClosedLoopRun.RunAsync(target, client, planner, options, jit, cancellationToken);
            closed.Add(row);
            await LogAsync(log, "closed", row);
        }

        var open = new List<RowResult>();
        if (!options.OpenModel)
            return new TargetRows(warmUp, closed, open);
        foreach (var maximum in closed.Where(row => row.RequestsPerSecond * OpenModelShareOfMaximum >= OpenModelRequestsPerSecondMin))
        {
            var planner = new RequestPlanner(maximum.Shape, PathCatalog.Tag(target, maximum.Shape, RowMode.Open), catalogue);
            var row = await OpenModelRun.RunAsync(target, client, planner, maximum.RequestsPerSecond * OpenModelShareOfMaximum, options, cancellationToken);
            open.Add(row);
            await LogAsync(log, "open", row);
        }

        return new TargetRows(warmUp, closed, open);
    }

    /// <summary>Every path once, unmeasured, before the first row; its holds are real, so verification reads them too.</summary>
    private static async Task<List<RowResult>> WarmUpAsync(
        TargetKind target, HttpClient client, BenchCatalogue catalogue, IReadOnlyList<PathShape> shapes, HttpBenchmarkOptions options,
        TextWriter log, HostJitProbe? jit, CancellationToken cancellationToken)
    {
        var warmUp = new List<RowResult>();
        if (options.WarmupPassSeconds == 0)
            return warmUp;
        var compiledBefore = jit is null ? null : await jit.CompiledMethodsAsync(cancellationToken);
        var passOptions = options with { WarmupSeconds = 0, DurationSeconds = options.WarmupPassSeconds };
        foreach (var shape in shapes)
        {
            var planner = new RequestPlanner(shape, PathCatalog.Tag(target, shape, RowMode.WarmUp), catalogue);
            warmUp.Add(await ClosedLoopRun.RunAsync(target, client, planner, passOptions, jit: null, cancellationToken));
        }

        var compiledAfter = jit is null ? null : await jit.CompiledMethodsAsync(cancellationToken);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{PathCatalog.Label(target)}: warmed up, {options.WarmupPassSeconds} s per path, {warmUp.Sum(row => row.Errors)} errors{(compiledAfter - compiledBefore is { } compiled ? $", {compiled:N0} methods JIT-compiled by the host" : "")}"));
        return warmUp;
    }

    private static Task LogAsync(TextWriter log, string mode, RowResult row) => log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
        $"{PathCatalog.Label(row.Target)} / {PathCatalog.Label(row.Shape)} ({mode}): {row.RequestsPerSecond:N0}/s, p50 {row.P50Microseconds / 1_000.0:0.0} ms, p99 {row.P99Microseconds / 1_000.0:0.0} ms, {row.Errors} errors{(row.JitCompiledMethods is { } compiled ? $", {compiled:N0} methods JIT-compiled" : "")}{(row.ErrorSamples.Count > 0 ? ", first: " + row.ErrorSamples[0] : "")}"));
}
