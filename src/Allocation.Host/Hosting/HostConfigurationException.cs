namespace Allocation.Host.Hosting;

/// <summary>The host cannot start as configured. Its message is the one line the operator sees.</summary>
public sealed class HostConfigurationException : Exception
{
    public HostConfigurationException()
    {
    }

    public HostConfigurationException(string message)
        : base(message)
    {
    }

    public HostConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
