namespace Allocation.Bench.Reservations;

/// <summary>
/// The targets the runner knows, in table order. "ours" joins through <see cref="AddOurs"/>: a file elsewhere in this
/// folder (OrleansTarget.cs) implements that partial method; without it the harness builds and runs the baselines only.
/// </summary>
internal static partial class ReservationTargetCatalog
{
    public const string OursName = "ours";
    public const string SqlName = "sql";
    public const string RedisName = "redis";
    public const string MemoryName = "memory";

    public static IReadOnlyList<ReservationTargetFactory> All()
    {
        var factories = new List<ReservationTargetFactory>();
        AddOurs(factories);
        factories.Add(new ReservationTargetFactory(
            SqlName,
            "PostgreSQL, one auto-committed conditional UPDATE per operation, synchronous_commit=on",
            async (context, cancellationToken) => await SqlTarget.CreateAsync(context, cancellationToken)));
        factories.Add(new ReservationTargetFactory(
            RedisName,
            "Redis, one Lua script (EVALSHA) per operation, appendonly yes, appendfsync always",
            async (context, cancellationToken) => await RedisTarget.CreateAsync(context, context.RedisPort, cancellationToken)));
        factories.Add(new ReservationTargetFactory(
            MemoryName,
            "in-memory, not durable: lock + arrays, the ceiling of the harness itself",
            (_, _) => Task.FromResult<IReservationTarget>(new InMemoryTarget())));
        return factories;
    }

    /// <summary>Implemented by OrleansTarget.cs: adds a factory named <see cref="OursName"/>.</summary>
    static partial void AddOurs(List<ReservationTargetFactory> factories);
}
