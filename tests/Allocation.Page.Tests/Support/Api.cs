using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Allocation.Page.Tests.Support;

/// <summary>What checkout and the back office do over HTTP around the page: SKUs, stock, reserve and confirm.</summary>
public static class Api
{
    public static async Task<(int Status, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
    }

    /// <summary>Sends and fails the test with the answer when it is not a success.</summary>
    public static async Task<JsonNode?> SucceedAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        var (status, answer) = await client.SendAsync(method, path, body);
        Assert.True(status is >= 200 and < 300, $"{method} {path} answered {status}: {answer?.ToJsonString()}");
        return answer;
    }

    /// <summary>A SKU of the test's own, so tests sharing the host never share stock.</summary>
    public static async Task<string> NewSkuAsync(this HttpClient client, string name = "page test item")
    {
        var sku = "PAGE-" + Guid.NewGuid().ToString("N")[..10];
        await client.SucceedAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name });
        return sku;
    }

    public static Task ReceiveStockAsync(this HttpClient client, string sku, string storeId, int quantity) =>
        client.SucceedAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{storeId}/receipts", new { documentId = "receipt-" + Guid.NewGuid().ToString("N")[..12], quantity });

    /// <summary>A paid click-and-collect order: the solver chooses the source stores for the pickup store, then payment confirms it.</summary>
    public static async Task<string> PaidOrderAsync(this HttpClient client, string pickupStoreId, params (string Sku, int Quantity)[] lines)
    {
        var orderId = "order-" + Guid.NewGuid().ToString("N")[..12];
        await client.SucceedAsync(HttpMethod.Post, "/api/v1/reservations", new
        {
            reservationId = orderId,
            pickupStoreId,
            lines = lines.Select(line => new { sku = line.Sku, quantity = line.Quantity }).ToArray(),
        });
        await client.SucceedAsync(HttpMethod.Post, $"/api/v1/reservations/{orderId}/confirm");
        return orderId;
    }
}
