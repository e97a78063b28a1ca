// Issue 21's soak benchmark: weeks of orders through their whole life cycle on a business clock this driver moves,
// reporting per simulated week what the database, the host and the store lists cost. Not a test: it measures.
//   dotnet run -c Release --project bench/Allocation.Soak -- --weeks 4 --orders-per-day 1000 --stores 10
// 1,000,000 orders: --weeks 10 --orders-per-day 14286 --stores 50 (about an hour on 2 quiet cores; docs/benchmarks.md §10).

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Allocation.Soak;
using Allocation.TestKit;
using Allocation.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Configuration;

var options = SoakOptions.Parse(args);
var start = new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);
var time = new FakeTimeProvider(start);
await using var database = await ScratchDatabase.CreateAsync("soak");
var settings = new Dictionary<string, string>
{
    ["Allocation:Host:Storage"] = "Postgres",
    ["Allocation:Host:ConnectionString"] = database.ConnectionString,
    ["Allocation:Host:ClusterId"] = "soak-" + Guid.NewGuid().ToString("N")[..8],
    ["Allocation:Demo:StockUnitsPerStore"] = "0",
    ["Allocation:Fulfilment:WaveOrdersMax"] = SoakOptions.WaveOrdersMax.ToString(CultureInfo.InvariantCulture),
    ["Allocation:Retention:OrderRecordRetentionDays"] = options.OrderRetentionDays.ToString(CultureInfo.InvariantCulture),
    ["Allocation:Retention:OrderEventRetentionDays"] = options.OrderRetentionDays.ToString(CultureInfo.InvariantCulture),
    ["Allocation:Retention:ReservationRecordRetentionDays"] = "2",
    ["Allocation:Retention:PickBookingRetentionHours"] = "216",
    ["Allocation:Retention:WaveRetentionDays"] = options.OrderRetentionDays.ToString(CultureInfo.InvariantCulture),
    ["Logging:LogLevel:Default"] = "Warning",
};
// Idle grains are collected after 2 real minutes instead of Orleans' default 15: the run lasts minutes, not weeks, so
// only a shortened collection shows whether activations follow what is open (say so next to the figures).
await using var host = await InProcessHost.StartAsync(settings, time, services => services.Configure<GrainCollectionOptions>(collection =>
{
    collection.CollectionAge = TimeSpan.FromMinutes(2);
    collection.CollectionQuantum = TimeSpan.FromSeconds(30);
}));
var client = host.Client;
using (var sku = await client.PutAsJsonAsync($"/api/v1/skus/{SoakRun.Sku}", new { name = "soak item" }))
{
    sku.EnsureSuccessStatusCode();
}

var listed = await client.GetFromJsonAsync<JsonArray>("/api/v1/stores");
var stores = listed!.Where(store => store!["clickAndCollect"]!.GetValue<bool>()).Select(store => store!["storeId"]!.GetValue<string>()).Take(options.Stores).ToList();
var run = new SoakRun(options, client, time, stores);
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"soak: {options.Weeks} weeks x 7 days x {options.OrdersPerDay} orders/day at {stores.Count} stores, concurrency {options.Concurrency}, ended orders and events kept {options.OrderRetentionDays} days");
report.AppendLine("| week | orders | not paid | not collected | DB MB | DB MB without ledger | ledger rows | grain_records rows (by kind) | order_events | managed heap MB | working set MB | activations | reserve p99 ms | pick list p50 / p99 ms | handover list p50 / p99 ms | wall s |");
report.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
Console.WriteLine(report.ToString().TrimEnd());
var backendPid = await database.ScalarAsync<int>("SELECT pg_backend_pid()");
var cpu = new CpuMeter(CpuMeter.PostmasterOf(backendPid));
var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
for (var week = 1; week <= options.Weeks; week++)
{
    var wall = Stopwatch.StartNew();
    var cpuBefore = cpu.Read();
    for (var day = (week - 1) * 7; day < week * 7; day++)
    {
        await run.RunDayAsync(day);
    }

    var samples = run.TakeSamples();
    var driven = wall.Elapsed;
    var cpuAfter = cpu.Read();
    var line = await WeekLineAsync(week, samples, wall.Elapsed);
    report.AppendLine(line);
    Console.WriteLine(line);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"week {week}: pick list p50 / p99 ms before picking {WeekSamples.Percentile(samples.PickListBeforePicking, 0.5):F0} / {WeekSamples.P99(samples.PickListBeforePicking):F0}, after handovers {WeekSamples.Percentile(samples.PickListAfterHandovers, 0.5):F0} / {WeekSamples.P99(samples.PickListAfterHandovers):F0}; handover list p50 / p99 ms before picking {WeekSamples.Percentile(samples.HandoverListBeforePicking, 0.5):F0} / {WeekSamples.P99(samples.HandoverListBeforePicking):F0}, after handovers {WeekSamples.Percentile(samples.HandoverListAfterHandovers, 0.5):F0} / {WeekSamples.P99(samples.HandoverListAfterHandovers):F0}, {samples.HandoverListedMean:F0} orders listed a read"));
    Console.WriteLine($"week {week}: morning bursts (all stores' first lists; GC collections gen0/1/2): {string.Join("; ", samples.Bursts)}");
    foreach (var note in samples.UncollectedNotes)
    {
        Console.WriteLine($"week {week}: not collected: {note}");
    }

    Console.WriteLine($"week {week}: tables {await TablesAsync()}");
    // CPU per order is what says the rate a quiet machine sustains: 2 cores / (process + PostgreSQL CPU per order).
    var processMilliseconds = (cpuAfter.Process - cpuBefore.Process).TotalMilliseconds / samples.Orders;
    var postgresMilliseconds = (cpuAfter.Postgres - cpuBefore.Postgres).TotalMilliseconds / samples.Orders;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"week {week}: {samples.Orders / driven.TotalSeconds:F0} orders/s; CPU per order: driver and host {processMilliseconds:F2} ms, PostgreSQL {postgresMilliseconds:F2} ms ({Environment.ProcessorCount} cores: at most {Environment.ProcessorCount * 1000 / (processMilliseconds + postgresMilliseconds):F0} orders/s); phases: {samples.Phases}; load average {LoadAverage()}"));
}

if (options.ReportPath is { } path)
{
    await File.WriteAllTextAsync(path, report.ToString());
}

return 0;

async Task<string> WeekLineAsync(int week, WeekSamples samples, TimeSpan wall)
{
    await using var connection = new NpgsqlConnection(database.AdminConnectionString);
    await connection.OpenAsync();
    var databaseBytes = await ScalarAsync<long>(connection, "SELECT pg_database_size(current_database())");
    var ledgerBytes = await ScalarAsync<long>(connection, "SELECT pg_total_relation_size('stock_ledger')");
    var ledgerRows = await ScalarAsync<long>(connection, "SELECT count(*) FROM stock_ledger");
    var eventRows = await ScalarAsync<long>(connection, "SELECT count(*) FROM order_events");
    var kinds = new List<string>();
    await using (var command = new NpgsqlCommand("SELECT kind, count(*) FROM grain_records GROUP BY kind ORDER BY kind", connection))
    await using (var reader = await command.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
        {
            kinds.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)} {reader.GetInt64(1)}"));
        }
    }

    var heapMegabytes = GC.GetTotalMemory(forceFullCollection: true) / 1_048_576.0;
    var workingSetMegabytes = Process.GetCurrentProcess().WorkingSet64 / 1_048_576.0;
    var activations = await management.GetTotalActivationCount();
    return string.Create(CultureInfo.InvariantCulture,
        $"| {week} | {samples.Orders} | {samples.Failures} | {samples.Uncollected} | {databaseBytes / 1_048_576.0:F0} | {(databaseBytes - ledgerBytes) / 1_048_576.0:F0} | {ledgerRows} | {string.Join(", ", kinds)} | {eventRows} | {heapMegabytes:F0} | {workingSetMegabytes:F0} | {activations} | {WeekSamples.P99(samples.Reserve):F1} | {WeekSamples.Percentile(samples.PickList, 0.5):F0} / {WeekSamples.P99(samples.PickList):F0} | {WeekSamples.Percentile(samples.HandoverList, 0.5):F0} / {WeekSamples.P99(samples.HandoverList):F0} | {wall.TotalSeconds:F0} |");
}

// Where the size without the ledger sits: each churned table's size (with indexes and TOAST), live and dead rows, and
// its vacuums so far (free space left by deletes and updates between vacuums is what separates week 1 from the rest).
async Task<string> TablesAsync()
{
    await using var connection = new NpgsqlConnection(database.AdminConnectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(
        "SELECT relname, pg_total_relation_size(relid), n_live_tup, n_dead_tup, autovacuum_count + vacuum_count FROM pg_stat_user_tables " +
        "WHERE relname IN ('grain_records', 'order_events', 'outbox_events', 'stock_ledger') ORDER BY relname", connection);
    await using var reader = await command.ExecuteReaderAsync();
    var tables = new List<string>();
    while (await reader.ReadAsync())
    {
        tables.Add(string.Create(CultureInfo.InvariantCulture,
            $"{reader.GetString(0)} {reader.GetInt64(1) / 1_048_576.0:F0} MB, {reader.GetInt64(2)} live, {reader.GetInt64(3)} dead, {reader.GetInt64(4)} vacuums"));
    }

    return string.Join("; ", tables);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
{
    await using var command = new NpgsqlCommand(sql, connection);
    return (T)(await command.ExecuteScalarAsync())!;
}
