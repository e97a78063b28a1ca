using Allocation.Load.Invariants;
using Allocation.Load.Service;
using Allocation.Load.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Allocation.Load.Tests.Invariants;

/// <summary>
/// The run told the harness: one hold of 2 units (r-held, expired by now) and one confirmed order of 3 units
/// (r-paid) at SKU-1@S1, which had 10 on hand before. The fake service then plants what a broken service would show.
/// </summary>
public sealed class InvariantCheckerTests
{
    private static readonly SkuStore Key = new("SKU-1", "S1");
    private static readonly DateTimeOffset Now = new(2026, 11, 11, 0, 5, 0, TimeSpan.Zero);

    private readonly FakeAllocationService service = new();
    private readonly RunLedger ledger = new();
    private readonly Dictionary<SkuStore, StockReply> baseline = new() { [Key] = Counts(onHand: 10, held: 0, committed: 0) };

    public InvariantCheckerTests()
    {
        Acknowledge("r-held", "Held", quantity: 2, expiresAt: Now.AddSeconds(-5));
        Acknowledge("r-paid", "Held", quantity: 3, expiresAt: Now.AddSeconds(-5));
        ledger.TransitionAnswered("r-paid", LeftState.Confirmed, ServiceAnswers.Success(200, Reply("r-paid", "Confirmed", 3)));
        service.Reservations["r-held"] = Reply("r-held", "Expired", 2);
        service.Reservations["r-paid"] = Reply("r-paid", "Confirmed", 3);
        service.Stock[Key] = Counts(onHand: 10, held: 0, committed: 3);
    }

    [Fact]
    public async Task CheckAsync_ServiceAgrees_EveryCheckPasses()
    {
        var report = await CheckAsync();

        Assert.True(report.Passed, string.Join("; ", report.Checks.SelectMany(check => check.Examples)));
        Assert.All(report.Checks, check => Assert.True(check.Checked > 0));
    }

    [Fact]
    public async Task CheckAsync_PlantedOversell_BreaksNoOversell()
    {
        // The service says 9 committed out of 8 on hand: more promised than there is.
        service.Stock[Key] = Counts(onHand: 8, held: 0, committed: 9);

        var report = await CheckAsync();

        var oversold = report.Checks.Single(check => check.Name == "no SKU-store oversold");
        Assert.Equal(1, oversold.Violations);
        Assert.Contains("SKU-1@S1", oversold.Examples[0], StringComparison.Ordinal);
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task CheckAsync_PlantedLostHold_BreaksAcknowledgedReservationsKept()
    {
        // The confirmed order is gone: an acknowledged commitment the service no longer knows.
        service.Reservations.Remove("r-paid");
        service.Stock[Key] = Counts(onHand: 10, held: 0, committed: 0);

        var report = await CheckAsync();

        var kept = report.Checks.Single(check => check.Name == "acknowledged reservations kept");
        Assert.Equal(1, kept.Violations);
        Assert.Contains("r-paid", kept.Examples[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_ConfirmedReadsBackAsExpired_BreaksAcknowledgedReservationsKept()
    {
        service.Reservations["r-paid"] = Reply("r-paid", "Expired", 3);

        var report = await CheckAsync();

        Assert.Equal(1, report.Checks.Single(check => check.Name == "acknowledged reservations kept").Violations);
    }

    [Fact]
    public async Task CheckAsync_PaidOrderCancelledReadsReleased_EveryCheckPasses()
    {
        // From the confirm on the read follows the order: its cancel releases the reservation and its committed units.
        service.Reservations["r-paid"] = Reply("r-paid", "Released", 3) with { OrderState = "Cancelled" };
        service.Stock[Key] = Counts(onHand: 10, held: 0, committed: 0);

        var report = await CheckAsync();

        Assert.True(report.Passed, string.Join("; ", report.Checks.SelectMany(check => check.Examples)));
    }

    [Fact]
    public async Task CheckAsync_PaidOrderOpenReadsReleased_BreaksAcknowledgedReservationsKept()
    {
        // Released while its order is still open: the reservation contradicts the order.
        service.Reservations["r-paid"] = Reply("r-paid", "Released", 3) with { OrderState = "Paid" };

        var report = await CheckAsync();

        Assert.Equal(1, report.Checks.Single(check => check.Name == "acknowledged reservations kept").Violations);
    }

    [Fact]
    public async Task CheckAsync_PaidOrderCancelledReadsConfirmed_BreaksAcknowledgedReservationsKept()
    {
        service.Reservations["r-paid"] = Reply("r-paid", "Confirmed", 3) with { OrderState = "Cancelled" };
        service.Stock[Key] = Counts(onHand: 10, held: 0, committed: 0);

        var report = await CheckAsync();

        Assert.Equal(1, report.Checks.Single(check => check.Name == "acknowledged reservations kept").Violations);
    }

    [Fact]
    public async Task CheckAsync_CountsDifferFromAcknowledged_BreaksReconcile()
    {
        // A hold the reservations do not account for: the service counts 2 held units no reservation holds.
        service.Stock[Key] = Counts(onHand: 10, held: 2, committed: 3);

        var report = await CheckAsync();

        Assert.Equal(1, report.Checks.Single(check => check.Name == "counts reconcile").Violations);
        Assert.Equal(0, report.Checks.Single(check => check.Name == "no SKU-store oversold").Violations);
    }

    [Fact]
    public async Task CheckAsync_UnansweredSale_IsResentWithItsDocumentIdAndCounted()
    {
        var sale = ledger.MovementSent(MovementKind.Sale, Key, 4, "doc-1");
        service.Stock[Key] = Counts(onHand: 6, held: 0, committed: 3);

        var report = await CheckAsync();

        Assert.Equal(["doc-1"], service.DocumentsSent);
        Assert.True(sale.Applied);
        Assert.True(report.Passed, string.Join("; ", report.Checks.SelectMany(check => check.Examples)));
    }

    private Task<InvariantReport> CheckAsync() =>
        new InvariantChecker(service, new FakeTimeProvider(Now), parallelism: 2).CheckAsync(ledger, baseline, CancellationToken.None);

    private void Acknowledge(string reservationId, string status, int quantity, DateTimeOffset expiresAt) =>
        ledger.ReserveAnswered(reservationId, ServiceAnswers.Success(201, Reply(reservationId, status, quantity) with { ExpiresAt = expiresAt }), expiresAt);

    private static ReservationReply Reply(string reservationId, string status, int quantity) =>
        new(reservationId, status, [new ReservationLineReply(Key.Sku, Key.StoreId, quantity)], Now.AddSeconds(-5), Now.AddSeconds(-15), null, null);

    private static StockReply Counts(int onHand, int held, int committed) =>
        new(Key.Sku, Key.StoreId, onHand, held, committed, 0, Math.Max(0, onHand - held - committed), Math.Max(0, held + committed - onHand));
}
