namespace Allocation.Contracts;

/// <summary>
/// Durable storage did not answer (PostgreSQL down, restarting, out of connections). Nothing in the call is known to
/// have been stored or not: only a retry with the same ids tells, and repeats are safe. It carries no inner exception:
/// the database client's own exceptions cannot travel between silos.
/// </summary>
[GenerateSerializer, Alias("allocation.storage-unavailable")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
