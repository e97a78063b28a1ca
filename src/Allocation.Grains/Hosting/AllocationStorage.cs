namespace Allocation.Grains.Hosting;

/// <summary>Where grain state and the ledger live: PostgreSQL (durable) or process memory (nothing survives a restart).</summary>
public sealed record AllocationStorage(string? PostgresConnectionString)
{
    public static readonly AllocationStorage InMemory = new((string?)null);
}
