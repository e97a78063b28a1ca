using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Allocation.Bench.Http;

/// <summary>
/// What a team would build instead in an afternoon: an ASP.NET Core minimal API on its own Kestrel (loopback, a port of
/// its own, in this process) taking the service's request shape, one Redis Lua script per request. It checks what it
/// needs (id, a store on every line, quantities) and nothing the real service checks beyond that.
/// </summary>
internal sealed class AnchorServer : IAsyncDisposable
{
    private readonly WebApplication _application;

    private AnchorServer(WebApplication application, Uri baseAddress)
    {
        _application = application;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<AnchorServer> StartAsync(AnchorStore store, int port, TextWriter log, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var application = builder.Build();
        var reservations = application.MapGroup("/api/v1/reservations");
        reservations.MapPost("/", (AnchorReserveBody? body) => ReserveAsync(store, body));
        reservations.MapPost("/{reservationId}/confirm", (string reservationId) => ConfirmAsync(store, reservationId));
        reservations.MapGet("/{reservationId}", async (string reservationId) =>
            await store.GetAsync(reservationId) is { } view ? Results.Ok(view) : Results.NotFound());
        await application.StartAsync(cancellationToken);
        var server = new AnchorServer(application, new Uri($"http://127.0.0.1:{port}"));
        await log.WriteLineAsync($"anchor: minimal API listening on {server.BaseAddress}");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _application.StopAsync();
        await _application.DisposeAsync();
    }

    private static async Task<IResult> ReserveAsync(AnchorStore store, AnchorReserveBody? body)
    {
        if (body?.ReservationId is not { Length: > 0 } reservationId || body.Lines is not { Count: > 0 } lines)
            return Results.BadRequest("reservationId and lines are required");
        var keys = new RedisKey[lines.Count + 1];
        var arguments = new RedisValue[lines.Count + 3];
        var linesText = new StringBuilder();
        keys[0] = AnchorStore.ReservationKey(reservationId);
        for (var index = 0; index < lines.Count; index++)
        {
            if (lines[index] is not { Sku: { } sku, StoreId: { } storeId, Quantity: > 0 and var quantity })
                return Results.BadRequest($"lines[{index}] needs sku, storeId and a positive quantity");
            var stockKey = AnchorStore.StockKey(sku, storeId);
            keys[index + 1] = stockKey;
            arguments[index + 3] = quantity;
            linesText.Append(stockKey).Append('=').Append(quantity).Append(';');
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ttlSeconds = body.TtlSeconds ?? RequestPlanner.HoldTtlSeconds;
        (arguments[0], arguments[1], arguments[2]) = (ttlSeconds, now, linesText.ToString());
        var view = new AnchorReservationView(reservationId, RequestSender.HeldStatus, now + (ttlSeconds * 1_000L));
        return await store.ReserveAsync(keys, arguments) switch
        {
            AnchorScripts.Held => Results.Created($"/api/v1/reservations/{reservationId}", view),
            AnchorScripts.Repeated => Results.Ok(await store.GetAsync(reservationId)),
            AnchorScripts.Insufficient => Results.Conflict("insufficient stock"),
            _ => Results.NotFound("unknown SKU-store"),
        };
    }

    private static async Task<IResult> ConfirmAsync(AnchorStore store, string reservationId) =>
        await store.ConfirmAsync(reservationId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) switch
        {
            // A confirmed reservation has no expiry any more: 0, without a second round trip to read it.
            AnchorScripts.Confirmed or AnchorScripts.Repeated => Results.Ok(new AnchorReservationView(reservationId, RequestSender.ConfirmedStatus, 0)),
            AnchorScripts.Refused => Results.Conflict("not held, or expired"),
            _ => Results.NotFound(),
        };
}
