using System.Diagnostics.Metrics;

namespace Allocation.Grains.Ledger;

/// <summary>
/// The group commit's own figures, on the meter <see cref="MeterName"/> (read with dotnet-counters or any
/// OpenTelemetry exporter): writes per batch, how long a batch takes from staging to commit, and refused writes.
/// </summary>
internal static class LedgerMetrics
{
    public const string MeterName = "Allocation.Ledger";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<int> BatchWrites = Meter.CreateHistogram<int>("allocation.ledger.batch.writes", "{write}", "Ledger entries and grain records committed together in one batch");

    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("allocation.ledger.batch.duration", "ms", "From taking a batch to its commit: staging, waiting for the previous batch, committing");

    public static readonly Counter<long> RefusedWrites = Meter.CreateCounter<long>("allocation.ledger.refused", "{store or record}", "SKU-stores and records the store refused within otherwise committed batches");

    public static readonly Counter<long> FailedBatches = Meter.CreateCounter<long>("allocation.ledger.failed_batches", "{batch}", "Batches that failed whole");
}
