namespace Allocation.Load.Hosting;

public sealed class RemoteServiceTarget(Uri baseAddress) : IServiceTarget
{
    public Uri BaseAddress => baseAddress;

    public string Description => $"running service at {baseAddress}";

    public Func<Task>? KillAndRestart => null;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
