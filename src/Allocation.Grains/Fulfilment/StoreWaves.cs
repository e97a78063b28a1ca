using System.Globalization;
using Allocation.Grains.Common;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// One store's waves (pure rules; <see cref="StoreOrdersGrain"/> is their shell). A wave ends when no open order has a
/// line of it left to pick here; an ended wave is kept (a repeat of its request answers it) until
/// <c>retentionDays</c> after it ended, then it leaves memory here and storage in the retention sweep. Wave numbers
/// never repeat: the highest number given is stored on its own, so deleting old waves cannot hand an id out again.
/// </summary>
internal sealed class StoreWaves(string storeId, int retentionDays)
{
    private readonly List<StoreWaveRecord> waves = [];

    /// <summary>The waves kept, oldest first.</summary>
    public IReadOnlyList<StoreWaveRecord> All => waves;

    /// <summary>The highest wave number given at this store (0 when none).</summary>
    public int NumberMax { get; private set; }

    public void Restore(IEnumerable<StoreWaveRecord> stored, int numberMax, DateTimeOffset now)
    {
        waves.AddRange(stored.Select(WithNumber).Where(wave => !IsPastRetention(wave, now)).OrderBy(wave => wave.Number));
        NumberMax = Math.Max(numberMax, waves.Count == 0 ? 0 : waves.Max(wave => wave.Number));
    }

    public StoreWaveRecord? ByRequest(string requestId) => waves.FirstOrDefault(wave => wave.RequestId == requestId);

    /// <summary>The next wave (not kept until <see cref="Add"/>: the shell stores it first).</summary>
    public StoreWaveRecord Next(string requestId, IReadOnlyList<string> orderIds, DateTimeOffset now)
    {
        Invariant.Require(orderIds.Count > 0, $"a wave at {storeId} with no orders");
        var number = NumberMax + 1;
        return new StoreWaveRecord { WaveId = $"{storeId}-w{number}", RequestId = requestId, StartedAt = now, OrderIds = [.. orderIds], Number = number };
    }

    public void Add(StoreWaveRecord wave)
    {
        Invariant.Require(wave.Number == NumberMax + 1, $"wave {wave.WaveId} out of turn at {storeId}");
        waves.Add(wave);
        NumberMax = wave.Number;
    }

    /// <summary>
    /// The waves whose state changes given the waves that still have lines to pick here: open ones without lines end
    /// (only when <paramref name="allAnswered"/>: an order that did not answer may hold a line), ended ones that have
    /// lines again reopen. Returned as new records for the shell to store; <see cref="Apply"/> keeps them once stored.
    /// </summary>
    public IReadOnlyList<StoreWaveRecord> Settle(IReadOnlySet<string> wavesWithLines, bool allAnswered, DateTimeOffset now) =>
        [.. waves.Select(wave => (wave, hasLines: wavesWithLines.Contains(wave.WaveId)) switch
        {
            ({ EndedAt: null }, false) when allAnswered => Copy(wave, now),
            ({ EndedAt: not null }, true) => Copy(wave, null),
            _ => null,
        }).OfType<StoreWaveRecord>()];

    /// <summary>Keeps stored changes from <see cref="Settle"/> and lets go of ended waves past their window.</summary>
    public void Apply(IReadOnlyList<StoreWaveRecord> changed, DateTimeOffset now)
    {
        foreach (var wave in changed)
        {
            var at = waves.FindIndex(each => each.WaveId == wave.WaveId);
            Invariant.Require(at >= 0, $"wave {wave.WaveId} changed but not kept at {storeId}");
            waves[at] = wave;
        }

        waves.RemoveAll(wave => IsPastRetention(wave, now));
    }

    private bool IsPastRetention(StoreWaveRecord wave, DateTimeOffset now) => wave.EndedAt is { } ended && ended.AddDays(retentionDays) < now;

    private static StoreWaveRecord Copy(StoreWaveRecord wave, DateTimeOffset? endedAt) =>
        new() { WaveId = wave.WaveId, RequestId = wave.RequestId, StartedAt = wave.StartedAt, OrderIds = wave.OrderIds, Number = wave.Number, EndedAt = endedAt };

    /// <summary>Waves stored before numbers were stored carry theirs in the id only ("{store}-w{number}").</summary>
    private static StoreWaveRecord WithNumber(StoreWaveRecord wave)
    {
        if (wave.Number > 0)
        {
            return wave;
        }

        var at = wave.WaveId.LastIndexOf("-w", StringComparison.Ordinal);
        wave.Number = at >= 0 && int.TryParse(wave.WaveId.AsSpan(at + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;
        return wave;
    }
}
