using Allocation.Tests.Support;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Allocation.Tests.EndToEnd;

/// <summary>Small helpers for calling the API and reading problem details, as a checkout service would.</summary>
public static class ApiClient
{
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw)
        {
            request.Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
    }

    public static async Task<int> AvailableAsync(this HttpClient client, string sku, string storeId)
    {
        var (response, body) = await client.SendAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{storeId}");
        response.EnsureSuccessStatusCode();
        return body!["available"]!.GetValue<int>();
    }

    /// <summary>The field names a validation problem lists under "errors".</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonNode? problem) =>
        problem?["errors"]?.AsObject().Select(pair => pair.Key).ToList() ?? [];

    public static string Text(this JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "";
}
