using System.Net;
using Allocation.Load.Service;
using Allocation.Load.Tests.Support;

namespace Allocation.Load.Tests.Service;

/// <summary>How answers of the service's HTTP API are classified: the contract the harness counts by.</summary>
public sealed class HttpAllocationServiceTests
{
    private const string HeldJson = """
        {"reservationId":"order-1","status":"Held","lines":[{"sku":"SKU-0001","storeId":"S001","quantity":2}],
         "expiresAt":"2026-11-11T00:00:10+00:00","createdAt":"2026-11-11T00:00:00+00:00","pickupStoreId":"S001","readyBy":null}
        """;

    private static readonly ReserveCommand Command = new("order-1", [new ReserveLineCommand("SKU-0001", null, 2)], 10, "S001");

    [Fact]
    public async Task ReserveAsync_Created_IsOkWithTheSourceStores()
    {
        var handler = new StubHandler(HttpStatusCode.Created, HeldJson);

        var answer = await Service(handler).ReserveAsync(Command, CancellationToken.None);

        Assert.Equal(AnswerKind.Ok, answer.Kind);
        Assert.Equal(201, answer.StatusCode);
        Assert.Equal("S001", Assert.Single(answer.Value!.Lines).StoreId);
        Assert.Equal(["POST /api/v1/reservations"], handler.Requests);
    }

    [Theory]
    [InlineData("/problems/insufficient-stock", AnswerKind.Rejected)]
    [InlineData("/problems/cannot-allocate", AnswerKind.Rejected)]
    [InlineData("/problems/conflict", AnswerKind.Failed)]
    public async Task ReserveAsync_Conflict_IsRejectedOnlyForBusinessProblems(string problemType, AnswerKind expected)
    {
        var handler = new StubHandler(HttpStatusCode.Conflict, $$"""{"type":"{{problemType}}","title":"t","status":409,"detail":"SKU-0001 short"}""");

        var answer = await Service(handler).ReserveAsync(Command, CancellationToken.None);

        Assert.Equal(expected, answer.Kind);
        Assert.Contains("SKU-0001 short", answer.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmAsync_RefusedAfterExpiry_CarriesTheCurrentReservation()
    {
        var body = $$"""{"type":"/problems/refused","status":409,"detail":"reservation expired before the confirm","current":{{HeldJson.Replace("\"Held\"", "\"Expired\"", StringComparison.Ordinal)}}}""";

        var answer = await Service(new StubHandler(HttpStatusCode.Conflict, body)).ConfirmAsync("order-1", CancellationToken.None);

        Assert.Equal(AnswerKind.Rejected, answer.Kind);
        Assert.Equal("Expired", answer.Value!.Status);
    }

    [Fact]
    public async Task GetStockAsync_ServerError_IsFailed()
    {
        var answer = await Service(new StubHandler(HttpStatusCode.InternalServerError, "oops")).GetStockAsync(new SkuStore("SKU-0001", "S001"), CancellationToken.None);

        Assert.Equal(AnswerKind.Failed, answer.Kind);
        Assert.Equal(500, answer.StatusCode);
        Assert.True(RetryPolicy.IsRetryable(answer.Kind, answer.StatusCode));
    }

    [Fact]
    public async Task ReleaseAsync_NoAnswerWithinTheTimeout_IsFailedWithoutStatus()
    {
        using var client = new HttpClient(new HangingHandler()) { BaseAddress = new Uri("http://service/") };

        var answer = await new HttpAllocationService(client, TimeSpan.FromMilliseconds(1)).ReleaseAsync("order-1", CancellationToken.None);

        Assert.Equal(AnswerKind.Failed, answer.Kind);
        Assert.Equal(0, answer.StatusCode);
        Assert.StartsWith("no answer within", answer.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRoutesAsync_OpenApiDocument_ListsMethodAndPath()
    {
        const string document = """{"openapi":"3.1.1","paths":{"/api/v1/reservations":{"post":{}},"/api/v1/reservations/{reservationId}":{"get":{},"delete":{}}}}""";

        var answer = await Service(new StubHandler(HttpStatusCode.OK, document)).GetRoutesAsync(CancellationToken.None);

        Assert.Equal(
            new HashSet<string> { "POST /api/v1/reservations", "GET /api/v1/reservations/{reservationId}", "DELETE /api/v1/reservations/{reservationId}" },
            answer.Value!.ToHashSet());
    }

    private static HttpAllocationService Service(HttpMessageHandler handler) =>
        new(new HttpClient(handler) { BaseAddress = new Uri("http://service/") }, TimeSpan.FromSeconds(5));
}
