namespace Allocation.Contracts;

/// <summary>
/// A durable write (a ledger entry or a grain record) failed. The caller's answer was never given, and the grain that
/// wrote reloads from durable storage before it serves again. <see cref="OutcomeUnknown"/> says whether the write may
/// still have been stored (the commit itself failed): then only a retry with the same ids tells, and repeats are safe.
/// </summary>
[GenerateSerializer, Alias("allocation.ledger-write-failed")]
public sealed class LedgerWriteFailedException : Exception
{
    public LedgerWriteFailedException()
    {
    }

    public LedgerWriteFailedException(string message)
        : base(message)
    {
    }

    public LedgerWriteFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LedgerWriteFailedException(string message, Exception? innerException, bool outcomeUnknown)
        : base(message, innerException)
    {
        OutcomeUnknown = outcomeUnknown;
    }

    [Id(0)]
    public bool OutcomeUnknown { get; init; }
}
