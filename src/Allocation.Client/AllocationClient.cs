using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.Timeout;

namespace Allocation.Client;

/// <summary>
/// The service's HTTP API as typed calls. Every call returns an <see cref="AllocationResult{T}"/>: expected outcomes (out
/// of stock, conflict, expired, wrong code, invalid fields) are results, never exceptions; only the caller's
/// cancellation throws. Writes carry the caller's ids (reservation, document, request), so a retry of the same request
/// after no answer is applied at most once.
/// </summary>
public sealed partial class AllocationClient(HttpClient http)
{
    private const string ApiRoot = "api/v1/";

    /// <summary>A problem body beyond this is not read whole (a proxy's error page, not the service's problem).</summary>
    private const int ProblemBodyBytesMax = 64 * 1024;

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private static readonly HashSet<string> ProblemMembers = new(StringComparer.Ordinal) { "type", "title", "status", "detail", "instance", "errors" };

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private async Task<AllocationResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, ApiRoot + path);
        if (body is not null)
        {
            // Serialized once: every attempt sends the same bytes.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), WireJson.Options)) { Headers = { ContentType = JsonMediaType } };
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return await ReadAsync<T>(response, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            return NoAnswer<T>(exception.Message);
        }
        catch (TimeoutRejectedException exception)
        {
            return NoAnswer<T>(exception.Message);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return NoAnswer<T>(exception.Message);
        }
    }

    private static AllocationResult<T> NoAnswer<T>(string message) =>
        new(AllocationOutcome.Unavailable, 0, default, ApiProblem.Without(0, "no answer: " + message));

    private static async Task<AllocationResult<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            try
            {
                var read = await response.Content.ReadFromJsonAsync<T>(WireJson.Options, cancellationToken);
                return read is null
                    ? new(AllocationOutcome.Failed, status, default, ApiProblem.Without(status, "an empty body"))
                    : new(AllocationOutcome.Ok, status, read, null);
            }
            catch (JsonException exception)
            {
                return new(AllocationOutcome.Failed, status, default, ApiProblem.Without(status, "a body of another shape: " + exception.Message));
            }
        }

        var (problem, current) = await ReadProblemAsync(response, cancellationToken);
        var outcome = Classify(response.StatusCode, problem.Type);
        var value = outcome is AllocationOutcome.Refused && current is { } element ? TryRead<T>(element) : default;
        return new(outcome, status, value, problem);
    }

    private static AllocationOutcome Classify(HttpStatusCode status, string? type) => type switch
    {
        ProblemTypes.InsufficientStock => AllocationOutcome.OutOfStock,
        ProblemTypes.CannotAllocate => AllocationOutcome.CannotAllocate,
        ProblemTypes.Conflict or ProblemTypes.RequestReused => AllocationOutcome.Conflict,
        ProblemTypes.Refused => AllocationOutcome.Refused,
        ProblemTypes.WrongPickupCode => AllocationOutcome.WrongCode,
        ProblemTypes.PickupCodeLocked => AllocationOutcome.CodeLocked,
        ProblemTypes.IllegalTransition => AllocationOutcome.IllegalTransition,
        ProblemTypes.TooManyRequests => AllocationOutcome.Throttled,
        _ => status switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType => AllocationOutcome.Invalid,
            HttpStatusCode.NotFound => AllocationOutcome.NotFound,
            HttpStatusCode.Unauthorized => AllocationOutcome.Unauthenticated,
            HttpStatusCode.Forbidden => AllocationOutcome.Forbidden,
            HttpStatusCode.TooManyRequests => AllocationOutcome.Throttled,
            HttpStatusCode.Conflict => AllocationOutcome.Conflict,
            HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => AllocationOutcome.Unavailable,
            _ => AllocationOutcome.Failed,
        },
    };

    private static async Task<(ApiProblem Problem, JsonElement? Current)> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var bytes = await ReadBoundedAsync(response.Content, cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (ApiProblem.Without(status, Text(bytes)), null);
            }

            var errors = root.TryGetProperty("errors", out var errorsElement) && errorsElement.ValueKind == JsonValueKind.Object
                ? errorsElement.Deserialize<Dictionary<string, string[]>>(WireJson.Options) ?? []
                : [];
            var extensions = root.EnumerateObject().Where(member => !ProblemMembers.Contains(member.Name))
                .ToDictionary(member => member.Name, member => member.Value.Clone(), StringComparer.Ordinal);
            var problem = new ApiProblem(status, String(root, "type"), String(root, "title"), String(root, "detail"), errors, extensions);
            return (problem, extensions.TryGetValue("current", out var current) && current.ValueKind == JsonValueKind.Object ? current : null);
        }
        catch (JsonException)
        {
            return (ApiProblem.Without(status, Text(bytes)), null);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[ProblemBodyBytesMax];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return buffer[..length];
    }

    private static string Text(byte[] bytes)
    {
        const int CharactersShown = 300;
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        return text.Length <= CharactersShown ? text : text[..CharactersShown];
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    private static T? TryRead<T>(JsonElement element)
    {
        try
        {
            return element.Deserialize<T>(WireJson.Options);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
