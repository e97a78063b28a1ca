namespace Allocation.Load.Hosting;

/// <summary>The service under load: one the harness started (and can kill), or a running one at --url.</summary>
public interface IServiceTarget : IAsyncDisposable
{
    Uri BaseAddress { get; }

    /// <summary>How the report names it.</summary>
    string Description { get; }

    /// <summary>SIGKILL and restart on the same ports and database; null when the harness did not start the service.</summary>
    Func<Task>? KillAndRestart { get; }
}
