namespace Allocation.Load.Hosting;

/// <summary>The service under load: one the harness started (and can kill), or a running one at --url.</summary>
public interface IServiceTarget : IAsyncDisposable
{
    Uri BaseAddress { get; }

    /// <summary>The admin API key every request carries (the harness seeds stock and reads counts through the API).</summary>
    string? ApiKey { get; }

    /// <summary>How the report names it.</summary>
    string Description { get; }

    /// <summary>SIGKILL and restart on the same ports and database; null when the harness did not start the service.</summary>
    Func<Task>? KillAndRestart { get; }
}
