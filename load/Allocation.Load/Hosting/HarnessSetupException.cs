namespace Allocation.Load.Hosting;

/// <summary>The run could not be set up (no PostgreSQL, no host, bad catalogue): exit code 3 with this one line.</summary>
public sealed class HarnessSetupException : Exception
{
    public HarnessSetupException()
    {
    }

    public HarnessSetupException(string message)
        : base(message)
    {
    }

    public HarnessSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
