namespace Allocation.Bench.Reservations;

/// <summary>Reference line only: in-memory, not durable. Shows how fast the harness can drive a target at all.</summary>
internal sealed class InMemoryTarget : IReservationTarget
{
    private readonly Lock _gate = new();
    private long[] _onHand = [];
    private long[] _held = [];
    private long[] _committed = [];

    public Task SetupAsync(int keyCount, int unitsPerKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _onHand = new long[keyCount];
            Array.Fill(_onHand, unitsPerKey);
            _held = new long[keyCount];
            _committed = new long[keyCount];
        }

        return Task.CompletedTask;
    }

    public ValueTask<bool> ReserveAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_onHand[keyIndex] - _held[keyIndex] - _committed[keyIndex] < quantity)
                return ValueTask.FromResult(false);
            _held[keyIndex] += quantity;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> ConfirmAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_held[keyIndex] < quantity)
                return ValueTask.FromResult(false);
            _held[keyIndex] -= quantity;
            _committed[keyIndex] += quantity;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> ExpireAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_held[keyIndex] < quantity)
                return ValueTask.FromResult(false);
            _held[keyIndex] -= quantity;
            return ValueTask.FromResult(true);
        }
    }

    public Task<TargetTotals> ReadTotalsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(new TargetTotals((long[])_onHand.Clone(), (long[])_held.Clone(), (long[])_committed.Clone()));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
