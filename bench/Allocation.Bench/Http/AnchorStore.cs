using Allocation.Bench.Reservations;
using StackExchange.Redis;

namespace Allocation.Bench.Http;

/// <summary>
/// The anchor's Redis: its own redis-server (appendonly yes, appendfsync always: a write is answered once fsynced),
/// one multiplexer that pipelines every caller, the scripts loaded once and sent with EVALSHA.
/// </summary>
internal sealed class AnchorStore : IAsyncDisposable
{
    private const int ParallelWritesMax = 256;
    private static readonly RedisValue[] CountFields = ["on_hand", "held", "committed"];
    private static readonly RedisValue[] ReservationFields = ["status", "expires_at"];

    private readonly RedisServerProcess _server;
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly byte[] _reserveHash;
    private readonly byte[] _confirmHash;

    private AnchorStore(RedisServerProcess server, ConnectionMultiplexer connection, byte[] reserveHash, byte[] confirmHash)
    {
        _server = server;
        _connection = connection;
        _database = connection.GetDatabase();
        _reserveHash = reserveHash;
        _confirmHash = confirmHash;
    }

    public static async Task<AnchorStore> StartAsync(int port, TextWriter log, CancellationToken cancellationToken)
    {
        var server = await RedisServerProcess.StartAsync(port, log, cancellationToken);
        ConnectionMultiplexer? connection = null;
        try
        {
            connection = await ConnectionMultiplexer.ConnectAsync(RedisTarget.ConnectionOptions(port));
            var admin = connection.GetServer("127.0.0.1", port);
            // The same durability check as the reservations benchmark's Redis: refuse to measure a Redis that does not fsync.
            await RedisTarget.LogSettingsAsync(admin, log);
            return new AnchorStore(server, connection, await admin.ScriptLoadAsync(AnchorScripts.Reserve), await admin.ScriptLoadAsync(AnchorScripts.Confirm));
        }
        catch
        {
            await RedisTarget.StopAsync(connection, server);
            throw;
        }
    }

    public static string StockKey(string sku, string storeId) => $"stock:{sku}|{storeId}";

    public static string ReservationKey(string reservationId) => "reservation:" + reservationId;

    /// <summary>Sets the on-hand units of every SKU-store (held and committed start at zero).</summary>
    public async Task StockAsync(IEnumerable<(string Sku, string StoreId, int Units)> skuStores, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(skuStores, new ParallelOptions { MaxDegreeOfParallelism = ParallelWritesMax, CancellationToken = cancellationToken },
            async (skuStore, _) => await _database.HashSetAsync(StockKey(skuStore.Sku, skuStore.StoreId),
                [new HashEntry("on_hand", skuStore.Units), new HashEntry("held", 0), new HashEntry("committed", 0)]));

    public async Task<long> ReserveAsync(RedisKey[] keys, RedisValue[] arguments) =>
        (long)await _database.ScriptEvaluateAsync(_reserveHash, keys, arguments);

    public async Task<long> ConfirmAsync(string reservationId, long nowUnixMilliseconds) =>
        (long)await _database.ScriptEvaluateAsync(_confirmHash, [ReservationKey(reservationId)], [nowUnixMilliseconds]);

    public async Task<AnchorReservationView?> GetAsync(string reservationId)
    {
        var fields = await _database.HashGetAsync(ReservationKey(reservationId), ReservationFields);
        return fields[0].IsNull ? null : new AnchorReservationView(reservationId, fields[0].ToString(), (long)fields[1]);
    }

    /// <summary>On hand, held and committed of one SKU-store; null when the anchor never stocked it.</summary>
    public async Task<(long OnHand, long Held, long Committed)?> CountsAsync(string sku, string storeId)
    {
        var counts = await _database.HashGetAsync(StockKey(sku, storeId), CountFields);
        return counts[0].IsNull ? null : ((long)counts[0], (long)counts[1], (long)counts[2]);
    }

    public async ValueTask DisposeAsync() => await RedisTarget.StopAsync(_connection, _server);
}
