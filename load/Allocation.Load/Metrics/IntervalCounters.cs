using Allocation.Load.Service;

namespace Allocation.Load.Metrics;

/// <summary>Ok, rejected, failed and dropped counts, bumped from any thread.</summary>
internal sealed class IntervalCounters
{
    private long ok;
    private long rejected;
    private long failed;
    private long dropped;

    public void Add(AnswerKind kind)
    {
        switch (kind)
        {
            case AnswerKind.Ok:
                Interlocked.Increment(ref ok);
                break;
            case AnswerKind.Rejected:
                Interlocked.Increment(ref rejected);
                break;
            default:
                Interlocked.Increment(ref failed);
                break;
        }
    }

    public void AddDropped() => Interlocked.Increment(ref dropped);

    public void AddFrom(CountSnapshot counts)
    {
        Interlocked.Add(ref ok, counts.Ok);
        Interlocked.Add(ref rejected, counts.Rejected);
        Interlocked.Add(ref failed, counts.Failed);
        Interlocked.Add(ref dropped, counts.Dropped);
    }

    public CountSnapshot TakeAndReset() => new(
        Interlocked.Exchange(ref ok, 0), Interlocked.Exchange(ref rejected, 0), Interlocked.Exchange(ref failed, 0), Interlocked.Exchange(ref dropped, 0));

    public CountSnapshot Peek() => new(Interlocked.Read(ref ok), Interlocked.Read(ref rejected), Interlocked.Read(ref failed), Interlocked.Read(ref dropped));
}
