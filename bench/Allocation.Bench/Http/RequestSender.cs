using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Allocation.Bench.Http;

/// <summary>
/// Sends one planned request (and its confirm, for reserve+confirm) and books the answer: 201 on a reserve and 200 on
/// a confirm are acknowledgements, 200 on a stock read an answer; anything else, even a repeat's 200 on a reserve (ids are
/// unique, so a repeat means the target lost track), or no answer at all, is an error answer.
/// </summary>
internal static class RequestSender
{
    public const string HeldStatus = "Held";
    public const string ConfirmedStatus = "Confirmed";
    private const int ErrorBodyCharactersMax = 300;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    /// <summary>Returns whether every request of the operation was answered as expected.</summary>
    public static async Task<bool> SendAsync(HttpClient client, PlannedRequest request, RowRecorder recorder, CancellationToken cancellationToken)
    {
        try
        {
            if (!await SendOneAsync(client, request, recorder, cancellationToken))
                return false;
            if (request.Method == HttpMethod.Get)
                return true;
            if (!request.ThenConfirm)
            {
                recorder.RecordAcknowledged(new AcknowledgedReservation(request.ReservationId, HeldStatus));
                return true;
            }

            var confirmed = await SendOneAsync(client, RequestPlanner.ConfirmOf(request.ReservationId), recorder, cancellationToken);
            recorder.RecordAcknowledged(new AcknowledgedReservation(request.ReservationId, confirmed ? ConfirmedStatus : HeldStatus));
            return confirmed;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            recorder.RecordError($"{request.Method} {request.RelativeUri}: {exception.GetType().Name}: {exception.Message}");
            return false;
        }
    }

    private static async Task<bool> SendOneAsync(HttpClient client, PlannedRequest request, RowRecorder recorder, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.RelativeUri);
        if (request.JsonBody is { } body)
            message.Content = new ByteArrayContent(body) { Headers = { ContentType = JsonMediaType } };
        using var response = await client.SendAsync(message, cancellationToken);
        var expected = request.Method == HttpMethod.Get || request.RelativeUri.EndsWith("/confirm", StringComparison.Ordinal)
            ? HttpStatusCode.OK
            : HttpStatusCode.Created;
        if (response.StatusCode == expected)
            return true;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        recorder.RecordError(string.Create(CultureInfo.InvariantCulture,
            $"{request.Method} {request.RelativeUri}: {(int)response.StatusCode} {text[..Math.Min(text.Length, ErrorBodyCharactersMax)]}"));
        return false;
    }
}
