namespace Allocation.Bench.Http;

/// <summary>
/// The anchor's Lua, one script per request, atomic in Redis. A SKU-store is a hash (on_hand, held, committed); a
/// reservation is a hash (status, lines, expires_at) plus its place in the expiry index a sweeper would scan.
/// Lines are kept as "stockKey=quantity;..." so confirm finds its SKU-stores without a second round trip.
/// </summary>
internal static class AnchorScripts
{
    /// <summary>Sorted set of held reservations by expiry time (Unix milliseconds).</summary>
    public const string ExpiryIndexKey = "holds:expiry";

    public const long Held = 1;
    public const long Repeated = 2;
    public const long Insufficient = 0;
    public const long UnknownStock = -1;
    public const long NotFound = -1;
    public const long Refused = 0;
    public const long Confirmed = 1;

    /// <summary>KEYS: reservation, then one stock key per line. ARGV: ttl seconds, now (Unix ms), lines text, then one quantity per line.</summary>
    public const string Reserve = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 2 end
        for i = 2, #KEYS do
          local counts = redis.call('HMGET', KEYS[i], 'on_hand', 'held', 'committed')
          if not counts[1] then return -1 end
          if tonumber(counts[1]) - tonumber(counts[2]) - tonumber(counts[3]) < tonumber(ARGV[i + 2]) then return 0 end
        end
        for i = 2, #KEYS do redis.call('HINCRBY', KEYS[i], 'held', tonumber(ARGV[i + 2])) end
        local expires = tonumber(ARGV[2]) + tonumber(ARGV[1]) * 1000
        redis.call('HSET', KEYS[1], 'status', 'Held', 'lines', ARGV[3], 'expires_at', expires)
        redis.call('ZADD', 'holds:expiry', expires, KEYS[1])
        return 1
        """;

    /// <summary>KEYS: reservation. ARGV: now (Unix ms). Returns 1 confirmed now, 2 confirmed before, 0 refused (not held or expired), -1 unknown.</summary>
    public const string Confirm = """
        local r = redis.call('HMGET', KEYS[1], 'status', 'lines', 'expires_at')
        if not r[1] then return -1 end
        if r[1] == 'Confirmed' then return 2 end
        if r[1] ~= 'Held' or tonumber(r[3]) < tonumber(ARGV[1]) then return 0 end
        for key, quantity in string.gmatch(r[2], '([^;=]+)=(%d+)') do
          redis.call('HINCRBY', key, 'held', -tonumber(quantity))
          redis.call('HINCRBY', key, 'committed', tonumber(quantity))
        end
        redis.call('HSET', KEYS[1], 'status', 'Confirmed')
        redis.call('ZREM', 'holds:expiry', KEYS[1])
        return 1
        """;
}
