namespace Allocation.Bench.Http;

/// <summary>What answers the requests of a row.</summary>
internal enum TargetKind
{
    /// <summary>The real host, durable on PostgreSQL.</summary>
    Durable,

    /// <summary>The real host with <c>--Allocation:Host:Storage=InMemory</c>: nothing stored.</summary>
    InMemory,

    /// <summary>The minimal API plus one Redis Lua script per reservation, Redis fsyncing every write.</summary>
    Anchor,
}
