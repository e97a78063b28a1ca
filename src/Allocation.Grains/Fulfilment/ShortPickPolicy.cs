namespace Allocation.Grains.Fulfilment;

public enum ShortPickPolicy
{
    /// <summary>Re-source the missing units for the earliest time the network can make; the order is flagged late.</summary>
    Late = 1,

    /// <summary>Drop the missing units; the order goes on with what was found, flagged partial.</summary>
    Partial = 2,
}
