using Allocation.Client.Reservations;
using Allocation.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Allocation.Client.Tests;

/// <summary>The checkout calls against the real host over HTTP: values typed, expected refusals as outcomes.</summary>
public sealed class ReservationClientTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    private AllocationClient Client => fixture.Client;

    private string Store => fixture.Stores[0];

    [Fact]
    public async Task ReserveConfirmRelease_OverHttp_TypedReservationAndRepeatAnswersTheSame()
    {
        var sku = await fixture.StockedSkuAsync(Store, 5);
        var request = new ReserveRequest("r-" + sku, [new ReserveLine(sku, 2, Store)], TtlSeconds: 600);

        var held = await Client.ReserveAsync(request);
        var repeated = await Client.ReserveAsync(request);
        var read = await Client.GetReservationAsync(request.ReservationId);
        var confirmed = await Client.ConfirmAsync(request.ReservationId);
        var released = await Client.ReleaseAsync(request.ReservationId);

        Assert.Equal((AllocationOutcome.Ok, 201, ReservationStatus.Held), (held.Outcome, held.StatusCode, held.Value!.Status));
        Assert.Equal([new ReservationLine(sku, Store, 2)], held.Value.Lines);
        Assert.Equal((AllocationOutcome.Ok, 200, request.ReservationId), (repeated.Outcome, repeated.StatusCode, repeated.Value!.ReservationId));
        Assert.Equal(ReservationStatus.Held, read.Require().Status);
        Assert.Equal(ReservationStatus.Confirmed, confirmed.Require().Status);
        Assert.Equal(ReservationStatus.Released, released.Require().Status);
        Assert.Equal((5, 0, 0), Counts((await Client.GetStockAsync(sku, Store)).Require()));
    }

    [Fact]
    public async Task Reserve_MoreThanAvailable_IsOutOfStockNamingTheShortLine()
    {
        var sku = await fixture.StockedSkuAsync(Store, 1);

        var result = await Client.ReserveAsync(new ReserveRequest("r-" + sku, [new ReserveLine(sku, 3, Store)]));

        Assert.Equal((AllocationOutcome.OutOfStock, 409), (result.Outcome, result.StatusCode));
        Assert.Equal([new StockShortage(0, sku, Store, 3, 1)], result.Problem!.Shortages);
        Assert.Equal(0, (await Client.GetStockAsync(sku, Store)).Require().Held);
    }

    [Fact]
    public async Task Reserve_SameIdOtherBasket_IsConflictAndKeepsTheFirst()
    {
        var sku = await fixture.StockedSkuAsync(Store, 5);
        (await Client.ReserveAsync(new ReserveRequest("r-" + sku, [new ReserveLine(sku, 1, Store)]))).Require();

        var result = await Client.ReserveAsync(new ReserveRequest("r-" + sku, [new ReserveLine(sku, 2, Store)]));

        Assert.Equal(AllocationOutcome.Conflict, result.Outcome);
        Assert.Equal(1, (await Client.GetStockAsync(sku, Store)).Require().Held);
    }

    [Fact]
    public async Task Reserve_BadLines_IsInvalidNamingEachField()
    {
        var result = await Client.ReserveAsync(new ReserveRequest("r-bad-" + Guid.NewGuid().ToString("N")[..8], [new ReserveLine("no such sku!", 0, Store)], TtlSeconds: 0));

        Assert.Equal((AllocationOutcome.Invalid, 400), (result.Outcome, result.StatusCode));
        Assert.Contains("lines[0].quantity", result.Problem!.Errors.Keys);
        Assert.Contains("lines[0].sku", result.Problem.Errors.Keys);
        Assert.Contains("ttlSeconds", result.Problem.Errors.Keys);
        Assert.Contains("lines[0].quantity", result.Problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirm_AfterTheHoldExpired_IsExpiredWithTheReservation()
    {
        var sku = await fixture.StockedSkuAsync(Store, 2);
        var held = (await Client.ReserveAsync(new ReserveRequest("r-" + sku, [new ReserveLine(sku, 1, Store)], TtlSeconds: 1))).Require();
        // The host's own clock expires the hold; a process of its own cannot be given a fake one.
        await Task.Delay(held.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));

        var result = await Client.ConfirmAsync(held.ReservationId);

        Assert.Equal(AllocationOutcome.Expired, result.Outcome);
        Assert.Equal(ReservationStatus.Expired, result.Value!.Status);
        Assert.Equal(0, (await Client.GetStockAsync(sku, Store)).Require().Committed);
    }

    [Fact]
    public async Task Get_UnknownReservation_IsNotFound()
    {
        var result = await Client.GetReservationAsync("no-such-" + Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal((AllocationOutcome.NotFound, 404), (result.Outcome, result.StatusCode));
    }

    [Fact]
    public async Task AnyCall_CancelledByTheCaller_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.GetStockAsync("SKU-0001", Store, cancelled.Token));
    }

    [Fact]
    public async Task AnyCall_UnknownKey_IsUnauthenticated()
    {
        await using var services = fixture.NewServices(options => options.ApiKey = "alk.default.nosuchkey.c2VjcmV0");

        var result = await services.GetRequiredService<AllocationClient>().GetStockAsync("SKU-0001", Store);

        Assert.Equal((AllocationOutcome.Unauthenticated, 401), (result.Outcome, result.StatusCode));
    }

    [Fact]
    public async Task BearerToken_CheckoutRole_ReservesAndReadsAsTheTokensTenant()
    {
        var sku = await fixture.StockedSkuAsync(Store, 3);
        var asked = 0;
        await using var services = fixture.NewServices(options => options.BearerToken = _ =>
        {
            Interlocked.Increment(ref asked);
            return ValueTask.FromResult(CheckoutToken());
        });
        var client = services.GetRequiredService<AllocationClient>();

        var held = await client.ReserveAsync(new ReserveRequest("r-" + sku, [new ReserveLine(sku, 1, Store)]));

        Assert.Equal(AllocationOutcome.Ok, held.Outcome);
        Assert.Equal(1, (await client.GetStockAsync(sku, Store)).Require().Held);
        Assert.Equal(2, asked);
    }

    private static (int OnHand, int Held, int Committed) Counts(Stock.StockLevel level) => (level.OnHand, level.Held, level.Committed);

    private static string CheckoutToken() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = HostProcess.JwtIssuer,
        Audience = "allocation",
        Claims = new Dictionary<string, object> { ["tenant"] = HostProcess.DefaultTenantId, ["role"] = "checkout" },
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(HostProcess.JwtSigningKey), SecurityAlgorithms.HmacSha256),
    });
}
