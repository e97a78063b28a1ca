using Allocation.Load.Service;

namespace Allocation.Load.Tests.Support;

/// <summary>
/// Answers reserve, confirm and release from queues the test fills (an empty queue answers ok), and records every
/// call as "method id", so a test sees what the harness sent and in which order.
/// </summary>
internal sealed class ScriptedService : IAllocationService
{
    private readonly Dictionary<string, Queue<ServiceAnswer<ReservationReply>>> scripts = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    public void Script(string method, params ServiceAnswer<ReservationReply>[] answers) => scripts[method] = new Queue<ServiceAnswer<ReservationReply>>(answers);

    public static ReservationReply Reply(string reservationId, string status) =>
        new(reservationId, status, [new ReservationLineReply("SKU-1", "S1", 1)], DateTimeOffset.UnixEpoch.AddDays(1), DateTimeOffset.UnixEpoch, null, null);

    public Task<ServiceAnswer<ReservationReply>> ReserveAsync(ReserveCommand command, CancellationToken cancellationToken) =>
        Answer("reserve", command.ReservationId, "Held");

    public Task<ServiceAnswer<ReservationReply>> ConfirmAsync(string reservationId, CancellationToken cancellationToken) => Answer("confirm", reservationId, "Confirmed");

    public Task<ServiceAnswer<ReservationReply>> ReleaseAsync(string reservationId, CancellationToken cancellationToken) => Answer("release", reservationId, "Released");

    public Task<ServiceAnswer<ReservationReply>> GetReservationAsync(string reservationId, CancellationToken cancellationToken) => Answer("get", reservationId, "Held");

    public Task<ServiceAnswer<StockReply>> GetStockAsync(SkuStore skuStore, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ServiceAnswer<MovementReply>> MoveAsync(MovementKind kind, SkuStore skuStore, int quantity, string documentId, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<ServiceAnswer<IReadOnlyList<StoreReply>>> GetStoresAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ServiceAnswer<bool>> SkuExistsAsync(string sku, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ServiceAnswer<IReadOnlySet<string>>> GetRoutesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    private Task<ServiceAnswer<ReservationReply>> Answer(string method, string reservationId, string okStatus)
    {
        lock (Calls)
        {
            Calls.Add($"{method} {reservationId}");
            var answer = scripts.TryGetValue(method, out var queue) && queue.Count > 0 ? queue.Dequeue() : ServiceAnswers.Success(200, Reply(reservationId, okStatus));
            return Task.FromResult(answer);
        }
    }
}
