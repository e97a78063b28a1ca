namespace Allocation.Contracts;

/// <summary>
/// A ledger write was not made durable. The caller's answer was never given; the grain that asked reloads from the
/// durable ledger before it serves again.
/// </summary>
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
}
