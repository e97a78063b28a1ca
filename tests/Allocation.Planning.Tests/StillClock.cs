namespace Allocation.Planning.Tests;

/// <summary>
/// The base of every hand-made clock in these tests: time moves only when a test says so, so no timer ever fires.
/// The batch planner waits for the flow solver on a timer of its clock; with the system's timers, a loaded machine
/// could still cut that wait short and change the plan under a clock that never moves.
/// </summary>
internal abstract class StillClock : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverTimer();

    private sealed class NeverTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
