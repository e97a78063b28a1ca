using Allocation.TestKit;

namespace Allocation.Bench.Http;

/// <summary>
/// Starts each target in turn, runs its rows, checks it and stops it before the next starts, so no two targets share
/// the two cores: the durable host (which also tells the catalogue), the in-memory host, then the anchor.
/// </summary>
internal static class HttpTargets
{
    public static async Task<HttpRunResults> RunAllAsync(HttpBenchmarkOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var results = new HttpRunResults();
        var durableRows = PathCatalog.DurableRows(options.Paths);
        var inMemoryRows = PathCatalog.InMemoryRows(options.Paths);
        var anchorRows = PathCatalog.AnchorRows(options.Paths);
        var layout = RepositoryLayout.Find() ?? throw new InvalidOperationException("run the benchmark inside the repository: Allocation.sln not found");
        var assembly = await HostBuild.InRepositoryAsync(layout, rebuild: !options.SkipBuild, log, cancellationToken);
        BenchCatalogue? catalogue = null;
        if (durableRows.Count > 0)
            catalogue = await GuardAsync(results, "service, PostgreSQL", log, () => RunDurableAsync(assembly, durableRows, options, results, log, cancellationToken), cancellationToken);
        // The anchor needs the catalogue; without a durable run, the in-memory host tells it (with no rows if none were chosen).
        if (inMemoryRows.Count > 0 || (catalogue is null && anchorRows.Count > 0))
        {
            var told = await GuardAsync(results, "service, in-memory", log,
                () => RunHostAsync(TargetKind.InMemory, assembly, HostSettings.InMemory(), null, inMemoryRows, options, results, log, cancellationToken), cancellationToken);
            catalogue ??= told;
        }

        if (anchorRows.Count > 0 && catalogue is not null)
            await GuardAsync(results, "anchor", log, () => RunAnchorAsync(catalogue, anchorRows, options, results, log, cancellationToken), cancellationToken);
        return results;
    }

    private static async Task<BenchCatalogue> RunDurableAsync(
        string assembly, IReadOnlyList<PathShape> rows, HttpBenchmarkOptions options, HttpRunResults results, TextWriter log, CancellationToken cancellationToken)
    {
        await using var database = await ScratchDatabase.CreateAsync("bench_http", cancellationToken: cancellationToken);
        await log.WriteLineAsync($"postgres: created database {database.Name} (owned by its own role)");
        return await RunHostAsync(TargetKind.Durable, assembly, HostSettings.Durable(database.ConnectionString), database.ConnectionString, rows, options, results, log, cancellationToken);
    }

    private static async Task<BenchCatalogue> RunHostAsync(
        TargetKind target, string assembly, Dictionary<string, string> settings, string? ledgerConnectionString, IReadOnlyList<PathShape> rows,
        HttpBenchmarkOptions options, HttpRunResults results, TextWriter log, CancellationToken cancellationToken)
    {
        await log.WriteLineAsync($"{PathCatalog.Label(target)}: starting the host");
        await using var host = await HostProcess.StartAsync(HostSettings.Launch(assembly, settings), cancellationToken);
        await log.WriteLineAsync($"host: pid {host.ProcessId} listening on {host.BaseAddress}");
        try
        {
            using var client = LoadClient.Create(host.BaseAddress, options.Connections, HostProcess.AdminKey);
            using var operatorClient = LoadClient.Create(host.BaseAddress, 1, HostProcess.OperatorKey);
            var jit = new HostJitProbe(operatorClient);
            var catalogue = await BenchCatalogue.ReadAsync(client, cancellationToken);
            if (rows.Count == 0)
                return catalogue;
            await HostRestocker.RestockAsync(client, catalogue, HostRestocker.HotUnits(options), log, cancellationToken);
            if (rows.Contains(PathShape.SolverChosen))
                await PickCapacityRaise.RaiseAsync(client, log, cancellationToken);
            var measured = await TargetRuns.RunAsync(target, client, catalogue, rows, options, log, jit, cancellationToken);
            var report = await HostVerifier.VerifyAsync(
                PathCatalog.Label(target), client, catalogue, measured.All, ledgerConnectionString, options, cancellationToken);
            results.Add(measured, report);
            return catalogue;
        }
        finally
        {
            await StopAsync(host, log);
        }
    }

    /// <summary>SIGINT, as an operator stops it; a host still running after the stop time limit is killed and the run goes on.</summary>
    private static async Task StopAsync(HostProcess host, TextWriter log)
    {
        try
        {
            await host.StopAsync();
            await log.WriteLineAsync($"host: pid {host.ProcessId} stopped");
        }
        catch (TimeoutException)
        {
            await log.WriteLineAsync($"host: pid {host.ProcessId} still running after SIGINT; killed");
        }
    }

    private static async Task<BenchCatalogue> RunAnchorAsync(
        BenchCatalogue catalogue, IReadOnlyList<PathShape> rows, HttpBenchmarkOptions options, HttpRunResults results, TextWriter log, CancellationToken cancellationToken)
    {
        await using var store = await AnchorStore.StartAsync(options.RedisPort, log, cancellationToken);
        var hotUnits = HostRestocker.HotUnits(options);
        await store.StockAsync(catalogue.SkuStores().Select(skuStore => (skuStore.Sku, skuStore.StoreId,
            skuStore == (catalogue.HotSku, catalogue.HotStore) ? (int)(HostRestocker.UnitsPerSkuStore + hotUnits) : HostRestocker.UnitsPerSkuStore)), cancellationToken);
        await using var server = await AnchorServer.StartAsync(store, FreePorts.Next(), log, cancellationToken);
        using var client = LoadClient.Create(server.BaseAddress, options.Connections);
        var measured = await TargetRuns.RunAsync(TargetKind.Anchor, client, catalogue, rows, options, log, jit: null, cancellationToken);
        results.Add(measured, await AnchorVerifier.VerifyAsync(store, client, catalogue, measured.All, options, cancellationToken));
        return catalogue;
    }

    /// <summary>A target that fails to start or run is reported and the others still run; an interrupt stops everything.</summary>
    private static async Task<BenchCatalogue?> GuardAsync(
        HttpRunResults results, string name, TextWriter log, Func<Task<BenchCatalogue>> run, CancellationToken cancellationToken)
    {
        try
        {
            return await run();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            results.TargetErrors.Add($"{name}: {exception.GetType().Name}: {exception.Message}");
            await log.WriteLineAsync($"{name} failed: {exception}");
            return null;
        }
    }
}
