using System.Globalization;
using StackExchange.Redis;

namespace Allocation.Bench.Reservations;

/// <summary>
/// Baseline Redis: a hash per SKU-store (on_hand, held, committed) and one Lua script per operation, sent with EVALSHA
/// over one multiplexer, so concurrent callers pipeline on one connection. Redis answers a write only after the
/// append-only file is fsynced (appendfsync always); one fsync covers every write of an event-loop pass.
/// </summary>
internal sealed class RedisTarget : IReservationTarget
{
    public const int DefaultPort = 16379;

    private const string ReserveScript = """
        local counts = redis.call('HMGET', KEYS[1], 'on_hand', 'held', 'committed')
        local quantity = tonumber(ARGV[1])
        if tonumber(counts[1]) - tonumber(counts[2]) - tonumber(counts[3]) < quantity then return 0 end
        redis.call('HINCRBY', KEYS[1], 'held', quantity)
        return 1
        """;

    private const string ConfirmScript = """
        local quantity = tonumber(ARGV[1])
        if tonumber(redis.call('HGET', KEYS[1], 'held')) < quantity then return 0 end
        redis.call('HINCRBY', KEYS[1], 'held', -quantity)
        redis.call('HINCRBY', KEYS[1], 'committed', quantity)
        return 1
        """;

    private const string ExpireScript = """
        local quantity = tonumber(ARGV[1])
        if tonumber(redis.call('HGET', KEYS[1], 'held')) < quantity then return 0 end
        redis.call('HINCRBY', KEYS[1], 'held', -quantity)
        return 1
        """;

    private const int ConnectTimeoutMilliseconds = 5_000;
    private const int OperationTimeoutMilliseconds = 30_000;

    private static readonly RedisValue[] CountFields = ["on_hand", "held", "committed"];

    private readonly RedisServerProcess _server;
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly byte[] _reserveHash;
    private readonly byte[] _confirmHash;
    private readonly byte[] _expireHash;
    private RedisKey[][] _keys = [];

    private RedisTarget(RedisServerProcess server, ConnectionMultiplexer connection, byte[] reserveHash, byte[] confirmHash, byte[] expireHash)
    {
        _server = server;
        _connection = connection;
        _database = connection.GetDatabase();
        _reserveHash = reserveHash;
        _confirmHash = confirmHash;
        _expireHash = expireHash;
    }

    public static async Task<RedisTarget> CreateAsync(ReservationTargetContext context, int port, CancellationToken cancellationToken)
    {
        var server = await RedisServerProcess.StartAsync(port, context.Log, cancellationToken);
        ConnectionMultiplexer? connection = null;
        try
        {
            connection = await ConnectionMultiplexer.ConnectAsync(ConnectionOptions(port));
            var admin = connection.GetServer("127.0.0.1", port);
            await LogSettingsAsync(admin, context.Log);
            return new RedisTarget(
                server,
                connection,
                await admin.ScriptLoadAsync(ReserveScript),
                await admin.ScriptLoadAsync(ConfirmScript),
                await admin.ScriptLoadAsync(ExpireScript));
        }
        catch
        {
            await StopAsync(connection, server);
            throw;
        }
    }

    public async Task SetupAsync(int keyCount, int unitsPerKey, CancellationToken cancellationToken)
    {
        await _connection.GetServer("127.0.0.1", _server.Port).FlushDatabaseAsync();
        _keys = new RedisKey[keyCount][];
        var writes = new Task[keyCount];
        for (var keyIndex = 0; keyIndex < keyCount; keyIndex++)
        {
            _keys[keyIndex] = [new RedisKey("stock:" + keyIndex.ToString(CultureInfo.InvariantCulture))];
            writes[keyIndex] = _database.HashSetAsync(_keys[keyIndex][0],
                [new HashEntry("on_hand", unitsPerKey), new HashEntry("held", 0), new HashEntry("committed", 0)]);
        }

        await Task.WhenAll(writes);
    }

    public ValueTask<bool> ReserveAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken) =>
        RunScriptAsync(_reserveHash, keyIndex, quantity);

    public ValueTask<bool> ConfirmAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken) =>
        RunScriptAsync(_confirmHash, keyIndex, quantity);

    public ValueTask<bool> ExpireAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken) =>
        RunScriptAsync(_expireHash, keyIndex, quantity);

    public async Task<TargetTotals> ReadTotalsAsync(CancellationToken cancellationToken)
    {
        var reads = new Task<RedisValue[]>[_keys.Length];
        for (var keyIndex = 0; keyIndex < _keys.Length; keyIndex++)
            reads[keyIndex] = _database.HashGetAsync(_keys[keyIndex][0], CountFields);
        await Task.WhenAll(reads);
        var totals = new TargetTotals(new long[_keys.Length], new long[_keys.Length], new long[_keys.Length]);
        for (var keyIndex = 0; keyIndex < _keys.Length; keyIndex++)
        {
            var counts = reads[keyIndex].Result;
            totals.OnHand[keyIndex] = (long)counts[0];
            totals.Held[keyIndex] = (long)counts[1];
            totals.Committed[keyIndex] = (long)counts[2];
        }

        return totals;
    }

    public async ValueTask DisposeAsync() => await StopAsync(_connection, _server);

    /// <summary>Loopback, admin commands allowed (CONFIG GET, SHUTDOWN), fail fast if the server is not there.</summary>
    internal static ConfigurationOptions ConnectionOptions(int port) => new()
    {
        EndPoints = { { "127.0.0.1", port } },
        AllowAdmin = true,
        AbortOnConnectFail = true,
        ConnectTimeout = ConnectTimeoutMilliseconds,
        SyncTimeout = OperationTimeoutMilliseconds,
        AsyncTimeout = OperationTimeoutMilliseconds,
    };

    internal static async Task StopAsync(ConnectionMultiplexer? connection, RedisServerProcess server)
    {
        if (connection is not null)
        {
            try
            {
                await connection.GetServer("127.0.0.1", server.Port).ExecuteAsync("SHUTDOWN", "NOSAVE");
            }
            catch (RedisConnectionException)
            {
                // SHUTDOWN closes the connection instead of answering; the process wait below is what counts.
            }

            await connection.DisposeAsync();
        }

        await server.DisposeAsync();
    }

    internal static async Task LogSettingsAsync(IServer admin, TextWriter log)
    {
        var settings = (await admin.ConfigGetAsync("*")).ToDictionary(pair => pair.Key, pair => pair.Value);
        if (settings["appendonly"] != "yes" || settings["appendfsync"] != "always")
            throw new InvalidOperationException($"redis is not durable: appendonly={settings["appendonly"]}, appendfsync={settings["appendfsync"]}");
        await log.WriteLineAsync(
            $"redis: version {admin.Version}, appendonly={settings["appendonly"]}, appendfsync={settings["appendfsync"]}, save='{settings["save"]}'");
    }

    private async ValueTask<bool> RunScriptAsync(byte[] scriptHash, int keyIndex, int quantity)
    {
        var result = await _database.ScriptEvaluateAsync(scriptHash, _keys[keyIndex], [quantity]);
        return (long)result == 1;
    }
}
