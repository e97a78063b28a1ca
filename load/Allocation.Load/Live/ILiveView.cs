namespace Allocation.Load.Live;

/// <summary>Shows the run as it goes; Show is called once a second from the run's ticker.</summary>
public interface ILiveView
{
    void Show(LiveSnapshot snapshot);

    /// <summary>Runs the display until <paramref name="finished"/> completes.</summary>
    Task RunAsync(Task finished);
}
