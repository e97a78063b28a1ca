namespace Allocation.Host.Hosting;

public enum StorageMode
{
    /// <summary>Durable: grain state, ledger and cluster membership in PostgreSQL.</summary>
    Postgres = 1,

    /// <summary>Quick trials: everything in process memory, nothing survives a restart.</summary>
    InMemory = 2,
}
