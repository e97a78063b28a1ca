using Allocation.Contracts.Stock;
using Allocation.Grains.Stock;
using Allocation.Tests.Support;
using System.Diagnostics.Metrics;

namespace Allocation.Tests.Stock;

/// <summary>The stock grains' figures on the Allocation.Stock meter, as an OpenTelemetry exporter reads them.</summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class StockMetricsTests(InMemoryClusterFixture fixture)
{
    [Fact]
    public async Task HoldsExpired_TwoHoldsPastTheirDeadlineOneReleased_CountsTheTwo()
    {
        using var expired = new CounterReading(StockMetrics.MeterName, "allocation.stock.holds.expired");
        var grain = fixture.Client.GetGrain<IStockGrain>(Keys.NewStock().ToGrainKey());
        await grain.Move(new MovementRequest(MovementKind.Receipt, 10, Keys.NewId("grn")));
        await grain.Hold(new HoldRequest("R1", 2, 30));
        await grain.Hold(new HoldRequest("R2", 3, 30));
        await grain.Hold(new HoldRequest("R3", 1, 30));
        await grain.Release("R3");

        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        var view = await grain.GetView();

        Assert.Equal(10, view.Counts.Available);
        Assert.Equal(2, expired.Total);
    }

    /// <summary>Sums one counter's measurements while it lives.</summary>
    private sealed class CounterReading : IDisposable
    {
        private readonly MeterListener listener = new();
        private long total;

        public CounterReading(string meterName, string instrumentName)
        {
            listener.InstrumentPublished = (instrument, subscribing) =>
            {
                if (instrument.Meter.Name == meterName && instrument.Name == instrumentName)
                {
                    subscribing.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref total, value));
            listener.Start();
        }

        public long Total => Interlocked.Read(ref total);

        public void Dispose() => listener.Dispose();
    }
}
