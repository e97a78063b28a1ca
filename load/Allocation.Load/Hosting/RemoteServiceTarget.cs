namespace Allocation.Load.Hosting;

public sealed class RemoteServiceTarget(Uri baseAddress, string? apiKey) : IServiceTarget
{
    public Uri BaseAddress => baseAddress;

    public string? ApiKey => apiKey;

    public string Description => $"running service at {baseAddress}";

    public Func<Task>? KillAndRestart => null;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
