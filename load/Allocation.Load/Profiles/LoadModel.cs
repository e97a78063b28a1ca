namespace Allocation.Load.Profiles;

public enum LoadModel
{
    /// <summary>Arrivals at a scheduled rate whatever the service does; latency from the intended start.</summary>
    Open = 1,

    /// <summary>N virtual users, each waiting for its answer and a think time before the next iteration.</summary>
    Closed = 2,
}
