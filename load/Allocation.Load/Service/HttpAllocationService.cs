using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Allocation.Client;
using Allocation.Client.Reservations;
using Allocation.Client.Stock;

namespace Allocation.Load.Service;

/// <summary>
/// One attempt per call, through the service's .NET client (Allocation.Client) without its retries: retries and their
/// count are RetryingAllocationService's, and the time of each attempt is measured here. Every answer is classified
/// here: 2xx ok; out of stock, cannot allocate, refused (after expiry) and an unknown reservation rejected (what a
/// shopper sees); anything else, and no answer at all, failed.
/// </summary>
public sealed class HttpAllocationService(HttpClient http, TimeSpan requestTimeout) : IAllocationService
{
    private readonly AllocationClient client = new(http);

    public Task<ServiceAnswer<ReservationReply>> ReserveAsync(ReserveCommand command, CancellationToken cancellationToken)
    {
        var request = new ReserveRequest(
            command.ReservationId, command.Lines.Select(line => new ReserveLine(line.Sku, line.Quantity, line.StoreId)).ToList(), command.TtlSeconds, command.PickupStoreId);
        return CallAsync((client, token) => client.ReserveAsync(request, token), Reply, cancellationToken);
    }

    public Task<ServiceAnswer<ReservationReply>> ConfirmAsync(string reservationId, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.ConfirmAsync(reservationId, token), Reply, cancellationToken);

    public Task<ServiceAnswer<ReservationReply>> ReleaseAsync(string reservationId, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.ReleaseAsync(reservationId, token), Reply, cancellationToken);

    public Task<ServiceAnswer<ReservationReply>> GetReservationAsync(string reservationId, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.GetReservationAsync(reservationId, token), Reply, cancellationToken);

    public Task<ServiceAnswer<StockReply>> GetStockAsync(SkuStore skuStore, CancellationToken cancellationToken) =>
        CallAsync(
            (client, token) => client.GetStockAsync(skuStore.Sku, skuStore.StoreId, token),
            level => new StockReply(level.Sku, level.StoreId, level.OnHand, level.Held, level.Committed, level.SafetyStock, level.Available, level.Shortfall, level.InTransit),
            cancellationToken);

    public Task<ServiceAnswer<MovementReply>> MoveAsync(Service.MovementKind kind, SkuStore skuStore, int quantity, string documentId, CancellationToken cancellationToken)
    {
        var movement = new StockMovement(
            kind == Service.MovementKind.Receipt ? Client.Stock.MovementKind.Receipt : Client.Stock.MovementKind.Sale, skuStore.Sku, skuStore.StoreId, quantity, documentId);
        return CallAsync(
            (client, token) => client.MoveStockAsync(movement, token),
            result => new MovementReply(result.Outcome.ToString(), new MovementCountsReply(result.Counts.OnHand, result.Counts.Held, result.Counts.Committed, result.Counts.SafetyStock), result.Available, result.Shortfall),
            cancellationToken);
    }

    public Task<ServiceAnswer<IReadOnlyList<StoreReply>>> GetStoresAsync(CancellationToken cancellationToken) =>
        CallAsync(
            (client, token) => client.ListStoresAsync(token),
            stores => (IReadOnlyList<StoreReply>)stores.Select(store => new StoreReply(store.StoreId, store.Name, store.City, store.ClickAndCollect)).ToList(),
            cancellationToken);

    public async Task<ServiceAnswer<bool>> SkuExistsAsync(string sku, CancellationToken cancellationToken)
    {
        var answer = await SendRawAsync($"api/v1/skus/{Uri.EscapeDataString(sku)}", cancellationToken);
        return answer.Kind == AnswerKind.Failed && answer.StatusCode != (int)HttpStatusCode.NotFound
            ? ServiceAnswers.Failure<bool>(answer.StatusCode, answer.Problem ?? "no answer").WithAttempts(1, answer.ServiceTime)
            : ServiceAnswers.Success(answer.StatusCode, answer.IsOk).WithAttempts(1, answer.ServiceTime);
    }

    /// <summary>The routes of the OpenAPI document (not an API call, so not the client's).</summary>
    public async Task<ServiceAnswer<IReadOnlySet<string>>> GetRoutesAsync(CancellationToken cancellationToken)
    {
        var answer = await SendRawAsync("openapi/v1.json", cancellationToken);
        return answer.IsOk
            ? ServiceAnswers.Success<IReadOnlySet<string>>(answer.StatusCode, OpenApiRoutes.Read(answer.Value)).WithAttempts(1, answer.ServiceTime)
            : ServiceAnswers.Failure<IReadOnlySet<string>>(answer.StatusCode, answer.Problem ?? "no OpenAPI document").WithAttempts(1, answer.ServiceTime);
    }

    private Task<ServiceAnswer<TReply>> CallAsync<TValue, TReply>(
        Func<AllocationClient, CancellationToken, Task<AllocationResult<TValue>>> call, Func<TValue, TReply> reply, CancellationToken cancellationToken) =>
        ClientCalls.CallAsync(client, requestTimeout, call, reply, ClientCalls.CheckoutRejections, cancellationToken);

    private static ReservationReply Reply(Reservation reservation) => new(
        reservation.ReservationId, reservation.Status.ToString(), reservation.Lines.Select(line => new ReservationLineReply(line.Sku, line.StoreId, line.Quantity)).ToList(),
        reservation.ExpiresAt, reservation.CreatedAt, reservation.PickupStoreId, reservation.ReadyBy, reservation.OrderState?.ToString());

    private async Task<ServiceAnswer<JsonElement>> SendRawAsync(string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(path, timeout.Token);
            var status = (int)response.StatusCode;
            var answer = response.IsSuccessStatusCode
                ? ServiceAnswers.Success(status, await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token))
                : ServiceAnswers.Failure<JsonElement>(status, $"{status} {response.ReasonPhrase}");
            return answer.WithAttempts(1, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ServiceAnswers.Failure<JsonElement>(0, $"no answer within {requestTimeout.TotalSeconds:0.#} s").WithAttempts(1, Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException exception)
        {
            return ServiceAnswers.Failure<JsonElement>(0, exception.Message).WithAttempts(1, Stopwatch.GetElapsedTime(started));
        }
    }
}
