using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Allocation.Load.Service;

/// <summary>
/// One attempt per call over HTTP JSON; retries are RetryingAllocationService's job. Every answer is classified here:
/// 2xx ok, a 404 or a 409 of a business problem type rejected, anything else (and no answer at all) failed.
/// </summary>
public sealed class HttpAllocationService(HttpClient client, TimeSpan requestTimeout) : IAllocationService
{
    public Task<ServiceAnswer<ReservationReply>> ReserveAsync(ReserveCommand command, CancellationToken cancellationToken) =>
        SendAsync<ReservationReply>(HttpMethod.Post, "api/v1/reservations", command, cancellationToken);

    public Task<ServiceAnswer<ReservationReply>> ConfirmAsync(string reservationId, CancellationToken cancellationToken) =>
        SendAsync<ReservationReply>(HttpMethod.Post, $"api/v1/reservations/{Uri.EscapeDataString(reservationId)}/confirm", null, cancellationToken);

    public Task<ServiceAnswer<ReservationReply>> ReleaseAsync(string reservationId, CancellationToken cancellationToken) =>
        SendAsync<ReservationReply>(HttpMethod.Delete, $"api/v1/reservations/{Uri.EscapeDataString(reservationId)}", null, cancellationToken);

    public Task<ServiceAnswer<ReservationReply>> GetReservationAsync(string reservationId, CancellationToken cancellationToken) =>
        SendAsync<ReservationReply>(HttpMethod.Get, $"api/v1/reservations/{Uri.EscapeDataString(reservationId)}", null, cancellationToken);

    public Task<ServiceAnswer<StockReply>> GetStockAsync(SkuStore skuStore, CancellationToken cancellationToken) =>
        SendAsync<StockReply>(HttpMethod.Get, StockPath(skuStore), null, cancellationToken);

    public Task<ServiceAnswer<MovementReply>> MoveAsync(MovementKind kind, SkuStore skuStore, int quantity, string documentId, CancellationToken cancellationToken)
    {
        var route = kind == MovementKind.Receipt ? "receipts" : "sales";
        return SendAsync<MovementReply>(HttpMethod.Post, $"{StockPath(skuStore)}/{route}", new { quantity, documentId }, cancellationToken);
    }

    public Task<ServiceAnswer<IReadOnlyList<StoreReply>>> GetStoresAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<StoreReply>>(HttpMethod.Get, "api/v1/stores", null, cancellationToken);

    public async Task<ServiceAnswer<bool>> SkuExistsAsync(string sku, CancellationToken cancellationToken)
    {
        var answer = await SendAsync<JsonElement>(HttpMethod.Get, $"api/v1/skus/{Uri.EscapeDataString(sku)}", null, cancellationToken);
        return answer.Kind == AnswerKind.Failed
            ? ServiceAnswers.Failure<bool>(answer.StatusCode, answer.Problem ?? "no answer")
            : ServiceAnswers.Success<bool>(answer.StatusCode, answer.IsOk);
    }

    public async Task<ServiceAnswer<IReadOnlySet<string>>> GetRoutesAsync(CancellationToken cancellationToken)
    {
        var answer = await SendAsync<JsonElement>(HttpMethod.Get, "openapi/v1.json", null, cancellationToken);
        return answer.IsOk
            ? ServiceAnswers.Success<IReadOnlySet<string>>(answer.StatusCode, OpenApiRoutes.Read(answer.Value))
            : ServiceAnswers.Failure<IReadOnlySet<string>>(answer.StatusCode, answer.Problem ?? "no OpenAPI document");
    }

    private static string StockPath(SkuStore skuStore) =>
        $"api/v1/stock/{Uri.EscapeDataString(skuStore.Sku)}/stores/{Uri.EscapeDataString(skuStore.StoreId)}";

    private async Task<ServiceAnswer<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ServiceJson.Options);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            var answer = await ClassifyAsync<T>(response, timeout.Token);
            return answer.WithAttempts(1, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ServiceAnswers.Failure<T>(0, $"no answer within {requestTimeout.TotalSeconds:0.#} s").WithAttempts(1, Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException exception)
        {
            return ServiceAnswers.Failure<T>(0, exception.Message).WithAttempts(1, Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task<ServiceAnswer<T>> ClassifyAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var value = await response.Content.ReadFromJsonAsync<T>(ServiceJson.Options, cancellationToken);
            return value is null ? ServiceAnswers.Failure<T>(status, "empty body") : ServiceAnswers.Success<T>(status, value);
        }

        var problem = await ProblemReader.ReadAsync<T>(response, cancellationToken);
        var business = response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound && ProblemTypes.IsBusinessAnswer(problem.Type);
        return business
            ? ServiceAnswers.Refusal<T>(status, problem.Summary, problem.Current)
            : ServiceAnswers.Failure<T>(status, problem.Summary);
    }
}
