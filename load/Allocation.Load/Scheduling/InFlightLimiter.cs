namespace Allocation.Load.Scheduling;

/// <summary>Bounds the requests in flight across every scenario, so a stalled service cannot exhaust the harness.</summary>
public sealed class InFlightLimiter(int maxInFlight) : IDisposable
{
    private readonly SemaphoreSlim slots = new(maxInFlight, maxInFlight);

    public int MaxInFlight => maxInFlight;

    public int InFlight => maxInFlight - slots.CurrentCount;

    /// <summary>A slot now or never: an open-model arrival that cannot start is dropped, not delayed.</summary>
    public bool TryEnter() => slots.Wait(0);

    public Task EnterAsync(CancellationToken cancellationToken) => slots.WaitAsync(cancellationToken);

    public void Exit() => slots.Release();

    public void Dispose() => slots.Dispose();
}
